// The documentation as files: README.md stays a short door (at most 300 lines) to docs/, docs/usage.md is the
// program's own --help, docs/report.md explains every option of `report`, docs/json-contract.md names every warning
// code, and every relative link in README.md,
// docs/*.md and fixtures/README.md leads to a file that exists and, with a #fragment,
// to a heading of that file (slugged as GitHub does). marked finds the links, so code blocks and code spans that
// merely look like links are not taken for them.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { marked, type Token } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../src/diagnostics.js';
import { usageReference } from '../src/main.js';
import { repoRoot } from './helpers/exec.js';
import { reportOptions } from './helpers/options.js';

const DOCS = path.join(repoRoot, 'docs');
const docsFiles = existsSync(DOCS)
  ? readdirSync(DOCS)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => path.join(DOCS, name))
  : [];
const checkedFiles = [path.join(repoRoot, 'README.md'), ...docsFiles, path.join(repoRoot, 'fixtures', 'README.md')];

interface Parsed {
  readonly links: readonly string[];
  readonly anchors: ReadonlySet<string>;
}

function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => ('tokens' in token && token.tokens !== undefined ? plainText(token.tokens) : 'text' in token ? String(token.text) : ''))
    .join('');
}

function parse(markdown: string): Parsed {
  const links: string[] = [];
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === 'link' || token.type === 'image') links.push(token.href);
    if (token.type === 'heading') anchors.add(slugger.slug(plainText(token.tokens ?? [])));
  });
  return { links, anchors };
}

function isRelative(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//');
}

/** The relative links of one Markdown file that lead nowhere, each with the reason. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const href of parse(readFileSync(file, 'utf8')).links.filter(isRelative)) {
    const hash = href.indexOf('#');
    const target = hash === -1 ? href : href.slice(0, hash);
    const fragment = hash === -1 ? undefined : decodeURIComponent(href.slice(hash + 1));
    const targetFile = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
    if (!existsSync(targetFile)) {
      broken.push(`${href}: no file ${path.relative(repoRoot, targetFile)}`);
    } else if (fragment !== undefined) {
      if (!targetFile.endsWith('.md')) broken.push(`${href}: a fragment on a file that is not Markdown`);
      else if (!parse(readFileSync(targetFile, 'utf8')).anchors.has(fragment)) broken.push(`${href}: no heading #${fragment}`);
    }
  }
  return broken;
}

describe('the link check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'docs-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds links to missing files and headings, and ignores code', () => {
    writeFileSync(path.join(dir, 'other.md'), '# Other\n\n## Your own classifications: `--catalog FILE`\n\n## Twice\n\n## Twice\n');
    const file = path.join(dir, 'index.md');
    writeFileSync(
      file,
      [
        '# Index',
        '',
        '[fine](other.md) [fine](other.md#your-own-classifications---catalog-file) [fine](other.md#twice-1) [fine](#index)',
        '[web](https://example.com/x.md) [mail](mailto:someone@example.com)',
        '[gone](missing.md) [no heading](other.md#nowhere) [not twice](other.md#twice-2) [here](#nothing)',
        '',
        '`[in code](missing.md)`',
        '',
        '```sh',
        '[ -n "$x" ](also-missing.md)',
        '```',
        '',
      ].join('\n'),
    );
    expect(brokenLinks(file)).toEqual([
      `missing.md: no file ${path.relative(repoRoot, path.join(dir, 'missing.md'))}`,
      'other.md#nowhere: no heading #nowhere',
      'other.md#twice-2: no heading #twice-2',
      '#nothing: no heading #nothing',
    ]);
  });
});

describe('the documentation', () => {
  it('keeps the README short: at most 300 lines, the rest in docs/', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(300);
  });

  it.each(checkedFiles.map((file) => [path.relative(repoRoot, file), file]))('%s: every relative link leads to a file and heading', (_name, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });
});

describe('docs/usage.md', () => {
  it('is every command’s --help exactly as the program prints it (npm run docs writes it)', () => {
    expect(readFileSync(path.join(repoRoot, 'docs/usage.md'), 'utf8')).toBe(usageReference());
  });
});

describe('docs/report.md', () => {
  it('lists every option of the report command in its Options table', () => {
    const markdown = readFileSync(path.join(DOCS, 'report.md'), 'utf8');
    const table = markdown.slice(markdown.indexOf('## Options'), markdown.indexOf('\n## ', markdown.indexOf('## Options') + 1));
    const documented = new Set(table.match(/--[a-z][a-z-]*/g));
    const { text, choices, flags } = reportOptions();
    const options = [...text, ...choices, ...flags];
    expect(options.length).toBeGreaterThan(20);
    expect(options.filter((long) => !documented.has(long))).toEqual([]);
  });
});

describe('docs/json-contract.md', () => {
  it('lists every warning code the tool gives', () => {
    const markdown = readFileSync(path.join(DOCS, 'json-contract.md'), 'utf8');
    const row = markdown.split('\n').find((line) => line.startsWith('| `warnings[]` |')) ?? '';
    expect(WARNING_CODES.length).toBeGreaterThan(20);
    expect(WARNING_CODES.filter((code) => !row.includes(`\`${code}\``))).toEqual([]);
  });
});
