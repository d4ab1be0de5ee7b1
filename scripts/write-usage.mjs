// Writes docs/usage.md: every command's --help exactly as the built program prints it (dist/). Run by
// `npm run docs`; test/docs.test.ts fails while the file differs from what the program prints.
import { writeFileSync } from 'node:fs';
import { usageReference } from '../dist/main.js';

writeFileSync(new URL('../docs/usage.md', import.meta.url), usageReference());
