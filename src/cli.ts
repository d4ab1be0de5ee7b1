#!/usr/bin/env node
// The bin: runs main() with the real process streams, environment and clock, and sets the exit code.
// Everything else lives in main.ts, which tests run in-process.

import { EXIT } from './errors.js';
import { processIo } from './io.js';
import { main } from './main.js';
import { TOOL_NAME } from './version.js';

// Write errors reach the command through the write callback (io.ts); this listener only keeps an 'error'
// event from crashing the process before the command sees it.
process.stdout.on('error', () => {});

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${TOOL_NAME}: internal error: ${String(error)}\n`);
    process.exitCode = EXIT.error;
  },
);
