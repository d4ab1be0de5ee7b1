// Writes schema/report.schema.json from the JSON contract's definition (src/render/json-contract.ts, built into
// dist/). Run by `npm run schema`; test/render.json.test.ts fails while the file differs from the definition.
import { writeFileSync } from 'node:fs';
import { REPORT_SCHEMA } from '../dist/render/json-contract.js';

writeFileSync(new URL('../schema/report.schema.json', import.meta.url), `${JSON.stringify(REPORT_SCHEMA, null, 2)}\n`);
