// Writes the JSON Schemas from their contract definitions (built into dist/): schema/report.schema.json from
// src/render/json-contract.ts, schema/export-record.schema.json from src/export/record-contract.ts and
// schema/explanation.schema.json from src/render/explain/json-contract.ts. Run by `npm run schema`; tests fail
// while a file differs from its definition.
import { writeFileSync } from 'node:fs';
import { EXPORT_RECORD_SCHEMA } from '../dist/export/record-contract.js';
import { EXPLANATION_SCHEMA } from '../dist/render/explain/json-contract.js';
import { REPORT_SCHEMA } from '../dist/render/json-contract.js';

writeFileSync(new URL('../schema/report.schema.json', import.meta.url), `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
writeFileSync(new URL('../schema/export-record.schema.json', import.meta.url), `${JSON.stringify(EXPORT_RECORD_SCHEMA, null, 2)}\n`);
writeFileSync(new URL('../schema/explanation.schema.json', import.meta.url), `${JSON.stringify(EXPLANATION_SCHEMA, null, 2)}\n`);
