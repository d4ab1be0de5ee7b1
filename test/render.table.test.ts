// The terminal format: golden files with and without --top, colour only when asked, and hostile log text
// that must not reach the terminal as control sequences.

import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/render/table.js';
import { sampleView, viewOf } from './helpers/sample-report.js';
import { analyzeSignIns, makeSignIn } from './helpers/signins.js';

describe('table report', () => {
  it('matches the golden file (top 10)', async () => {
    await expect(renderTable(sampleView(10), { color: false, by: 'code' })).toMatchFileSnapshot('golden/report/sample.table.txt');
  });

  it('matches the golden file with --top 2', async () => {
    await expect(renderTable(sampleView(2), { color: false, by: 'code' })).toMatchFileSnapshot('golden/report/sample.top2.table.txt');
  });

  it('writes no escape sequence or control character of its own or from the log without colour', () => {
    const text = renderTable(sampleView(), { color: false, by: 'code' });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('Evil\uFFFD[31mRed\uFFFD[0m\uFFFDApp\uFFFDexe.txt');
  });

  it('cuts long values with an ellipsis', () => {
    const text = renderTable(sampleView(), { color: false, by: 'code' });
    expect(text).toContain('Very long application name xxxxxxxxxxxxxxxxxxxx…');
    expect(text).not.toContain('x'.repeat(60));
  });

  it('uses bold headings only when colour is on', () => {
    const coloured = renderTable(sampleView(), { color: true, by: 'code' });
    expect(coloured).toContain('\u001b[1mSummary\u001b[22m');
    expect(renderTable(sampleView(), { color: false, by: 'code' })).not.toContain('\u001b[');
  });

  it('says so when there is nothing to show', () => {
    const text = renderTable(viewOf(analyzeSignIns([]).report), { color: false, by: 'code' });
    expect(text).toContain('No failures or interruptions.');
    expect(text).toContain('No sign-ins.');
    // Nothing is counted in words, not as "0 of 0 sign-ins" and "all 0".
    expect(text.split('\n')[0]).toBe('Sign-in failures: none (no sign-ins)');
    expect(text).toContain('Error codes (none)');
    expect(text).not.toContain('all 0');
  });

  it('counts one thing in the singular', () => {
    const one = makeSignIn({ errorCode: 50126, clientApp: 'IMAP4', time: new Date('2026-11-10T08:00:00Z') });
    const text = renderTable(viewOf(analyzeSignIns([one]).report), { color: false, by: 'code' });
    expect(text.split('\n')[0]).toBe('Sign-in failures: 1 of 1 sign-in failed (2026-11-10 08:00 UTC to 2026-11-10 08:00 UTC)');
    expect(text).toContain('1 sign-in, 1 failed (IMAP4)');
  });
});
