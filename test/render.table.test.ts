// The terminal format: golden files with and without --top and at 80 and 120 columns, no line wider than the
// width, colour only when asked, and hostile log text that must not reach the terminal as control sequences.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/render/table.js';
import { columnsOf, cutToWidth, wrapToWidth } from '../src/render/table-fit.js';
import { sampleView, viewOf } from './helpers/sample-report.js';
import { analyzeSignIns, makeSignIn } from './helpers/signins.js';

/** The longest line in terminal columns. */
function longestLine(text: string): number {
  return Math.max(...text.split('\n').map(columnsOf));
}

describe('table report', () => {
  it('matches the golden file (top 10)', async () => {
    await expect(renderTable(sampleView(10), { color: false, by: 'code' })).toMatchFileSnapshot('golden/report/sample.table.txt');
  });

  it('matches the golden file with --top 2', async () => {
    await expect(renderTable(sampleView(2), { color: false, by: 'code' })).toMatchFileSnapshot('golden/report/sample.top2.table.txt');
  });

  it.each([80, 120])('matches the golden file at %i columns, and no line is wider', async (width) => {
    const text = renderTable(sampleView(10), { color: false, by: 'code', width });
    expect(longestLine(text)).toBeLessThanOrEqual(width);
    await expect(text).toMatchFileSnapshot(`golden/report/sample.w${width}.table.txt`);
  });

  it('never prints a line wider than the width, whatever the values', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('', 'Very long application name '.repeat(8), '日本語のアプリケーション名', 'a\u0301e\u0301', '\u001b[31mred', '👩‍💻 dev'),
    );
    const signIn = fc.record({ user: value, app: value, code: fc.constantFrom(0, 50126, 50074, 53003, 88888801), day: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(signIn, { minLength: 0, maxLength: 12 }), fc.integer({ min: 20, max: 200 }), (rows, width) => {
        const signIns = rows.map((row, i) =>
          makeSignIn({ userPrincipalName: row.user, appName: row.app, errorCode: row.code, time: new Date(Date.UTC(2026, 10, 9 + row.day)), line: i + 2 }),
        );
        const text = renderTable(viewOf(analyzeSignIns(signIns).report, 10), { color: false, by: 'code', width });
        expect(longestLine(text)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every row when the rows become a list, and cuts names rather than widen the line', () => {
    const text = renderTable(sampleView(10), { color: false, by: 'code', width: 30 });
    expect(longestLine(text)).toBeLessThanOrEqual(30);
    expect(text).toContain('\n50126\n  Name: InvalidUserNameOrPass…\n  Outcome: failure\n');
    expect(text).toContain('\nVery long application name xx…\n');
    expect(text).toContain('\nSign-ins: 13\n');
  });

  it('measures, cuts and wraps in terminal columns: wide characters take two, combining marks none', () => {
    expect(columnsOf('日本語')).toBe(6);
    expect(columnsOf('a\u0301')).toBe(1);
    expect(cutToWidth('日本語のアプリ', 7)).toBe('日本語…');
    expect(wrapToWidth('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapToWidth('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(wrapToWidth('a\nb c', 10)).toEqual(['a', 'b c']);
    expect(wrapToWidth('日本語 の', 4)).toEqual(['日本', '語', 'の']);
  });

  it('wraps within the width and keeps every word in order', () => {
    const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((text) => !/\s/.test(text));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 2, max: 60 }), (words, width) => {
        const lines = wrapToWidth(words.join(' '), width);
        for (const line of lines) expect(columnsOf(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replaceAll(' ', '')).toBe(words.join('').replaceAll(' ', ''));
      }),
    );
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
    expect(text.split('\n')[0]).toBe('Sign-in failures: 1 of 1 sign-in failed (2026-11-10 08:00 UTC)');
    expect(text).toContain('1 sign-in, 1 failed (IMAP4)');
  });
});
