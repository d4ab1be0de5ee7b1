/// <reference lib="dom" />
// The HTML report opened in a real browser (headless Chromium through playwright-core): it loads from a file with
// no request beyond itself, no console message and no dialog; hostile log values stay inert text; the numbers
// on the page are the JSON report's; the charts have one mark per day, code, category and hour; it sorts with
// scripts on, reads with them off, keeps its tables (and the explanation's) within the page and their cards, has
// a dark scheme and prints to PDF. Where Chromium is missing the file skips with one line (not in CI: see
// helpers/browser.ts).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render/html/index.js';
import { browserMissing, launchChromium } from './helpers/browser.js';
import { runMain } from './helpers/io.js';
import { sampleView } from './helpers/sample-report.js';

const SAMPLE = 'fixtures/sample/InteractiveSignIns_sample.csv';
const HOSTILE = 'fixtures/formats/hostile-values.csv';
const NOW = ['--now', '2026-11-16T08:00:00Z'];
const COMPARE = ['--since', '2026-11-12', '--until', '2026-11-16', '--compare', 'previous-period'];

const missing = browserMissing();
if (missing !== null) console.warn(missing);

type Row = Record<string, unknown>;
interface Json {
  totals: { signIns: number; success: number; failure: number; interrupted: number };
  legacyProtocols: { signIns: number };
  byCode: Row[];
  byCategory: Row[];
  byDay: { day: string; failures: number; interrupted: number; categories: unknown[] }[];
  byHourOfWeek: { hourOfWeek: string; failures: number }[];
  comparison?: { byCategory: Row[] };
  [section: string]: unknown;
}

interface Loaded {
  readonly page: Page;
  /** Every request the page made, the page's own file included. */
  readonly requests: string[];
  /** Console messages, page errors and dialogs: a clean page has none. */
  readonly noise: string[];
}

describe.skipIf(missing !== null)('the HTML report in Chromium', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'html-report-'));
  let browser: Browser;
  const json: Record<string, Json> = {};

  /** Writes `report ARGS` as HTML (and as JSON, for the numbers) into the temp dir. */
  async function write(name: string, args: string[]): Promise<void> {
    for (const format of ['html', 'json']) {
      const result = await runMain(['report', ...args, ...NOW, '--format', format, '--output', path.join(dir, `${name}.${format}`)]);
      expect(result).toMatchObject({ status: 0, stdout: '' });
    }
    json[name] = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Json;
  }

  async function open(name: string, options: { javaScriptEnabled?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<Loaded> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, colorScheme: options.colorScheme ?? 'light' });
    const page = await context.newPage();
    const requests: string[] = [];
    const noise: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => noise.push(`console ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => noise.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      noise.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(path.join(dir, `${name}.html`)).href, { waitUntil: 'load' });
    return { page, requests, noise };
  }

  /** Pages that tests only read, opened once each and closed at the end. */
  const opened = new Map<string, Promise<Loaded>>();
  function shared(name: string): Promise<Loaded> {
    if (!opened.has(name)) opened.set(name, open(name));
    return opened.get(name)!;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    await write('sample', [SAMPLE]);
    await write('hostile', [HOSTILE]);
    await write('compare', [SAMPLE, ...COMPARE]);
    // Findings come from the detections; until those run in the command, a view made here carries two.
    const hostile = '<img src=x onerror=alert(1)>';
    const evidence = { time: new Date('2026-11-12T02:01:00Z'), user: hostile, ip: '198.51.100.66', app: hostile, code: 50126, requestId: hostile };
    const finding = {
      kind: 'password-spray' as const,
      title: `Password spray ${hostile}`,
      entity: { ip: '198.51.100.66', user: hostile },
      first: new Date('2026-11-12T02:00:00Z'),
      last: new Date('2026-11-12T02:40:00Z'),
      counts: { attempts: 24, users: 13, ips: 1, apps: 1, successes: 0 },
      why: hostile,
      action: hostile,
    };
    const findings = [
      { ...finding, severity: 'high' as const, evidence: [evidence] },
      { ...finding, severity: 'low' as const, evidence: [] },
    ];
    writeFileSync(path.join(dir, 'findings.html'), renderHtml({ ...sampleView(10), findings }));
  }, 30_000);

  afterAll(async () => {
    for (const loaded of opened.values()) await (await loaded).page.context().close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no request but its own file, no console message, no error and no dialog', async () => {
    for (const name of ['sample', 'hostile', 'compare', 'findings']) {
      const { requests, noise } = await shared(name);
      expect(requests).toEqual([pathToFileURL(path.join(dir, `${name}.html`)).href]);
      expect(noise).toEqual([]);
    }
  });

  it('shows hostile log values as text: nothing runs, loads or becomes markup', async () => {
    const { page, noise } = await shared('hostile');
    const counts = await page.evaluate(() => ({
      scripts: document.scripts.length,
      loading: document.querySelectorAll('img, iframe, object, embed, link, a[href], form, base, [onerror], [onload], [style]').length,
      bold: document.querySelectorAll('main b').length,
    }));
    expect(counts).toEqual({ scripts: 1, loading: 0, bold: 0 });
    const text = await page.locator('main').textContent();
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(noise).toEqual([]);
  });

  it('shows the findings under "Act now" as text, their evidence one click away', async () => {
    const { page, noise } = await shared('findings');
    expect(await page.locator('#act-now article.finding').count()).toBe(2);
    expect(await page.locator('#act-now img').count()).toBe(0);
    expect(await page.locator('#act-now h3').first().textContent()).toBe('Password spray <img src=x onerror=alert(1)>');
    const evidence = page.locator('#act-now details').first();
    expect(await evidence.locator('td').first().isVisible()).toBe(false);
    await evidence.locator('summary').click();
    expect(await evidence.locator('tbody tr').count()).toBe(1);
    expect(await evidence.locator('td').first().isVisible()).toBe(true);
    expect(noise).toEqual([]);
  });

  it('shows the numbers of the JSON report', async () => {
    const { page } = await shared('sample');
    const report = json['sample']!;
    const kpi = (id: string) => page.locator(`#kpi-${id} .number`).getAttribute('data-value').then(Number);
    expect({
      signIns: await kpi('sign-ins'),
      failure: await kpi('failures'),
      interrupted: await kpi('interrupted'),
      success: await kpi('successes'),
      legacy: await kpi('legacy'),
    }).toEqual({
      signIns: report.totals.signIns,
      failure: report.totals.failure,
      interrupted: report.totals.interrupted,
      success: report.totals.success,
      legacy: report.legacyProtocols.signIns,
    });

    const tableRows = (id: string, columns: number[]) =>
      page
        .locator(`#${id} tbody tr`)
        .evaluateAll(
          (rows, wanted) =>
            rows.map((row) => [row.getAttribute('data-key'), ...wanted.map((i) => Number((row as HTMLTableRowElement).cells[i]!.dataset['sort']))]),
          columns,
        );
    expect(await tableRows('codes', [3, 4, 5])).toEqual(
      report.byCode.slice(0, 10).map((row) => [String(row['code']), row['count'], row['users'], row['apps']]),
    );
    const sections = { user: 'byUser', app: 'byApp', 'client-app': 'byClientApp', country: 'byCountry', ip: 'byIp' } as const;
    const fields = { user: 'user', app: 'app', 'client-app': 'clientApp', country: 'country', ip: 'ip' } as const;
    for (const [id, section] of Object.entries(sections) as [keyof typeof sections, string][]) {
      const expected = (report[section] as Row[])
        .slice(0, 10)
        // The page sorts by the exact rate, which the JSON gives to four decimals.
        .map((row) => [row[fields[id]], row['signIns'], row['failures'], row['interrupted'], (row['failures'] as number) / (row['signIns'] as number)]);
      expect(await tableRows(`by-${id}`, [1, 2, 3, 4]), id).toEqual(expected);
    }

    const cards = await page
      .locator('#who-acts article')
      .evaluateAll((articles) =>
        articles.map((article) => [
          article.id.replace('category-', ''),
          ...['failures', 'interrupted', 'users'].map((field) => Number(article.querySelector(`[data-field="${field}"]`)!.textContent!.replace(/,/g, ''))),
        ]),
      );
    expect(cards).toEqual(report.byCategory.slice(0, 10).map((row) => [row['category'], row['failures'], row['interrupted'], row['users']]));

    const daily = await page
      .locator('#daily-numbers tbody tr')
      .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-key'), Number((row.querySelector('[data-sort]') as HTMLElement).dataset['sort'])]));
    const perDay = new Map(report.byDay.map((row) => [row.day, row.failures + row.interrupted]));
    expect(daily).toEqual(daily.map(([day]) => [day, perDay.get(day as string) ?? 0]));
    expect(daily.map(([day]) => day)).toEqual(report.byDay.map((row) => row.day));
  });

  it('draws one bar per day and category, per top code and per legacy client app, and a cell per hour of the week', async () => {
    const { page } = await shared('sample');
    const report = json['sample']!;
    const count = (selector: string) => page.locator(selector).count();
    expect(await count('#chart-daily rect.bar')).toBe(report.byDay.reduce((sum, day) => sum + day.categories.length, 0));
    expect(await count('#chart-codes rect.bar')).toBe(Math.min(10, report.byCode.length));
    const legacy = (report['byClientApp'] as Row[]).slice(0, 10).filter((row) => row['legacy'] === true);
    expect(await count('#chart-legacy rect.part')).toBe(legacy.length);
    expect(await count('#chart-hours g.cell rect')).toBe(168);
    // Each hour's cell shows that hour's failures, Monday 00:00 first (the sample's counts are all below 1,000).
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const expected: number[] = new Array(168).fill(0);
    for (const row of report.byHourOfWeek) expected[weekdays.indexOf(row.hourOfWeek.slice(0, 3)) * 24 + Number(row.hourOfWeek.slice(4, 6))] = row.failures;
    const shown = await page.locator('#chart-hours g.cell').evaluateAll((cells) => cells.map((cell) => Number(cell.querySelector('text')?.textContent ?? 0)));
    expect(shown).toEqual(expected);
    for (const id of ['chart-daily', 'chart-codes', 'chart-hours', 'chart-legacy']) {
      expect(await page.locator(`#${id} svg`).getAttribute('aria-label'), id).toMatch(/\w/);
    }
  });

  it('compares with the period before: the change per category with ▲/▼, and the earlier days as a line', async () => {
    const { page } = await shared('compare');
    const comparison = json['compare']!.comparison!;
    expect(await page.locator('#chart-change rect.bar').count()).toBe(Math.min(10, comparison.byCategory.length));
    const marks = await page.locator('#chart-change text.value').allTextContents();
    expect(marks.every((mark) => /^(▲|▼|=)/.test(mark))).toBe(true);
    // Five days now (12 to 16 November: a bare --until date includes its day), five before (7 to 11 November).
    expect(await page.locator('#chart-daily .earlier circle').count()).toBe(5);
    expect(await page.locator('#chart-daily rect.bar').evaluateAll((bars) => new Set(bars.map((bar) => bar.getAttribute('x'))).size)).toBeLessThanOrEqual(5);
    expect(await page.locator('#kpi-failures .detail').last().textContent()).toMatch(/^(▲|▼|=)/);
  });

  it('sorts a table by a click on its header with scripts on, and reads complete with scripts off', async () => {
    const { page } = await open('sample');
    await page.locator('#by-user th button', { hasText: 'Sign-ins' }).click();
    const signIns = await page
      .locator('#by-user tbody tr')
      .evaluateAll((rows) => rows.map((row) => Number((row as HTMLTableRowElement).cells[1]!.dataset['sort'])));
    expect(signIns).toEqual([...signIns].sort((a, b) => b - a));
    expect(await page.locator('#by-user th[aria-sort="descending"]').textContent()).toBe('Sign-ins');
    await page.context().close();

    const off = await open('sample', { javaScriptEnabled: false });
    expect(await off.page.locator('th button').count()).toBe(0);
    expect(await off.page.locator('#codes tbody tr').count()).toBe(Math.min(10, json['sample']!.byCode.length));
    expect(await off.page.locator('h1').isVisible()).toBe(true);
    expect(off.noise).toEqual([]);
    await off.page.context().close();
  });

  it('keeps every table in its place at 1280 and 800 pixels: an opened card widens, a wide table scrolls in its box', async () => {
    const explained = await runMain([
      'explain',
      'gerhart.moller@contoso.example',
      SAMPLE,
      ...NOW,
      '--format',
      'html',
      '--output',
      path.join(dir, 'explain.html'),
    ]);
    expect(explained).toMatchObject({ status: 0, stdout: '' });
    for (const name of ['sample', 'findings', 'explain']) {
      const { page } = await open(name);
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 900 });
        const layout = await page.evaluate(() => {
          for (const details of document.querySelectorAll('details')) details.open = true;
          const main = document.querySelector('main')!.getBoundingClientRect();
          const tables = [...document.querySelectorAll('table')];
          return {
            pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            tables: tables.length,
            outsideMain: tables.filter((table) => (table.closest('.scroll') ?? table).getBoundingClientRect().right > main.right + 1).length,
            outsideCard: tables.filter((table) => {
              const card = table.closest('article.card');
              return card !== null && table.getBoundingClientRect().right > card.getBoundingClientRect().right + 1;
            }).length,
          };
        });
        expect(layout.tables).toBeGreaterThan(0);
        expect({ name, width, ...layout }).toMatchObject({ pageOverflow: 0, outsideMain: 0, ...(width === 1280 ? { outsideCard: 0 } : {}) });
      }
      await page.context().close();
    }
  });

  it('has a dark scheme, and prints to an A4 PDF', async () => {
    const dark = await open('sample', { colorScheme: 'dark' });
    expect(await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 24, 29)');
    await dark.page.context().close();
    const { page } = await shared('sample');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92), on more than one page.
    const boxes = pdf.toString('latin1').match(/\/MediaBox \[0 0 [\d.]+ [\d.]+\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(1);
    for (const box of boxes) expect(box).toMatch(/\[0 0 59[45]\.\d* 84[12]\.\d*\]/);
  });
});
