// Test helpers for reading JSON from UTF-8 bytes: everything one input gives readJson (the outcome and all it told
// the run), and the bytes values of generated records are made of.
import fc from 'fast-check';
import { IngestRun } from '../../src/ingest/accounting.js';
import type { DecodedText } from '../../src/ingest/decode.js';
import { readJson } from '../../src/ingest/read-json.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { SignIn } from '../../src/model.js';
import { INVALID_UTF8, MULTI_BYTE_CHARACTERS } from './utf8.js';

/** Everything reading one input gives: what readJson returns or throws, and all it told the run. */
export async function readAll(decoded: DecodedText, asBytes: boolean) {
  const signIns: SignIn[] = [];
  const diagnostics: Diagnostic[] = [];
  const run = new IngestRun({ strict: false, keepDuplicates: true, dateOrder: undefined, diagnose: (item) => diagnostics.push(item) }, (signIn) =>
    signIns.push(signIn),
  );
  const account = run.file('signins.json');
  let outcome: { format: string } | { error: string };
  try {
    const format = await readJson(asBytes ? decoded.utf8Chunks! : decoded.chunks, account);
    // As ingest does: rows wait for the file's day/month order until its summary.
    account.summary(format);
    outcome = { format };
  } catch (error) {
    outcome = { error: String(error) };
  }
  return {
    outcome,
    signIns,
    diagnostics,
    warnings: run.warnings,
    rejected: run.rejectedShown,
    byReason: [...run.rejectedByReason],
    counts: [account.rowsRead, account.signIns, account.rejected, account.filteredOut],
  };
}

const encoder = new TextEncoder();
export const bytesOf = (text: string): Buffer => Buffer.from(encoder.encode(text));

// Bytes a value may hold: ASCII, multi-byte characters (a no-break space and a byte-order mark too), bytes no
// valid UTF-8 has in that place, and JSON escapes (of characters over 0x7f as well).
export const VALUE_PIECES: readonly Buffer[] = [
  ...['a', 'Zz', ' ', '0', '.', '@', ...MULTI_BYTE_CHARACTERS, '\u2028'].map(bytesOf),
  ...INVALID_UTF8.map((bytes) => Buffer.from(bytes)),
  ...['\\u00e9', '\\ud83d\\ude00', '\\"', '\\\\', '\\n'].map(bytesOf),
];
/** A string's content made of VALUE_PIECES (quotes not included). */
export const stringContent = fc.array(fc.constantFrom(...VALUE_PIECES), { maxLength: 5 }).map((pieces) => Buffer.concat(pieces));
