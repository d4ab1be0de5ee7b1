// Bundles the command line after tsc: dist/cli.js and the worker thread's script (dist/worker.js) become a few
// files instead of about 140 modules, which Node.js would otherwise resolve, read and compile one by one at every
// start. Formats and commands loaded on first use stay separate chunks. Packages stay outside, resolved as before.
// The library (dist/index.js and the modules beside it) stays as tsc wrote it.

import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

// The chunks of an earlier build: their names change with their content.
const CHUNK = /^cli-[\w-]+-[A-Z0-9]{8}\.js(\.map)?$/;
for (const name of readdirSync(dist)) if (CHUNK.test(name)) rmSync(path.join(dist, name));

await build({
  // At the top of dist/, as the chunks: the pipeline finds its worker script as ./worker.js beside itself, and the
  // version module the package manifest as ../package.json.
  entryPoints: { cli: path.join(dist, 'cli.js'), worker: path.join(dist, 'pipeline/worker.js') },
  outdir: dist,
  chunkNames: 'cli-[name]-[hash]',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
