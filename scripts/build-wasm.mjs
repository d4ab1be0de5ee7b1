// Builds the JSON record scanner: compiles assembly/json-scan.ts with the pinned AssemblyScript compiler and writes
// the module's bytes, as base64, into src/ingest/json-scan-wasm.ts (or into the file given after --out). Run by
// `npm run build:wasm` after changing the AssemblyScript source; test/ingest.json-members.test.ts fails while the
// committed module differs from what the source compiles to.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const SOURCE = fileURLToPath(new URL('../assembly/json-scan.ts', import.meta.url));
const TARGET = fileURLToPath(new URL('../src/ingest/json-scan-wasm.ts', import.meta.url));
/** Characters of base64 a line. */
const LINE = 120;

const outAt = process.argv.indexOf('--out');
const target = outAt >= 0 ? process.argv[outAt + 1] : TARGET;
if (target === undefined) throw new Error('--out needs a file');

let binary;
const result = await asc.main([SOURCE, '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--use', 'abort=', '--outFile', 'json-scan.wasm'], {
  writeFile: (name, contents) => {
    if (name === 'json-scan.wasm') binary = contents;
  },
});
if (result.error !== null) {
  process.stderr.write(result.stderr.toString());
  throw result.error;
}
if (binary === undefined) throw new Error('the compiler wrote no module');

const base64 = Buffer.from(binary).toString('base64');
const lines = [];
for (let at = 0; at < base64.length; at += LINE) lines.push(`  '${base64.slice(at, at + LINE)}',`);
writeFileSync(
  target,
  `// Owns the bytes of the JSON record scanner's WebAssembly module, as base64: written by scripts/build-wasm.mjs from
// assembly/json-scan.ts (do not edit; run \`npm run build:wasm\`). Loaded by json-members.ts.

export const JSON_SCAN_WASM = [
${lines.join('\n')}
].join('');
`,
);
