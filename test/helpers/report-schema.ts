// Test helper: validates JSON report text against schema/report.schema.json with ajv.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

const schemaPath = fileURLToPath(new URL('../../schema/report.schema.json', import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true });
// The report writes UTC instants only; ajv ships no format checks without ajv-formats, so name the one we use.
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);

/** What the schema finds wrong with a parsed report: empty when it is a valid schemaVersion 1 report. */
export function schemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Parses the text and asserts it is a valid schemaVersion 1 report; returns the parsed value. */
export function expectValidJsonReport(text: string): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, unknown>;
  const valid = validate(value);
  expect(validate.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  return value;
}
