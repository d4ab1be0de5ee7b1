// Test helper: validates JSON report and explanation text against schema/report.schema.json and
// schema/explanation.schema.json with ajv.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

const ajv = new Ajv2020({ allErrors: true, strict: true });
// The report writes UTC instants only; ajv ships no format checks without ajv-formats, so name the one we use.
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
const compile = (file: string) => ajv.compile(JSON.parse(readFileSync(fileURLToPath(new URL(`../../schema/${file}`, import.meta.url)), 'utf8')) as object);
const validate = compile('report.schema.json');
const validateExplanation = compile('explanation.schema.json');

/** What the schema finds wrong with a parsed report: empty when it is a valid schemaVersion 1 report. */
export function schemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

/** Parses the text and asserts it is a valid schemaVersion 1 report; returns the parsed value. */
export function expectValidJsonReport(text: string): Record<string, unknown> {
  return expectValid(text, validate);
}

/** Parses the text and asserts it is a valid schemaVersion 1 explanation; returns the parsed value. */
export function expectValidJsonExplanation(text: string): Record<string, unknown> {
  return expectValid(text, validateExplanation);
}

function expectValid(text: string, check: typeof validate): Record<string, unknown> {
  const value = JSON.parse(text) as Record<string, unknown>;
  const valid = check(value);
  expect(check.errors ?? [], 'schema errors').toEqual([]);
  expect(valid).toBe(true);
  return value;
}
