// The HTML format as text: golden file, escaping of every log value (text and attributes), no URL or outside
// reference of any kind, a CSP whose hashes match the page's own style and script, the "Act now" findings,
// and a size that does not grow with the input. html.browser.test.ts opens the page in Chromium.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render/html/index.js';
import { escapeHtml, html } from '../src/render/html/markup.js';
import type { Finding, ReportView } from '../src/view/index.js';
import { sampleView, viewOf } from './helpers/sample-report.js';
import { analyzeSignIns, makeSignIn } from './helpers/signins.js';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>"\'&amp;<script>alert(2)</script>';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    kind: 'password-spray',
    severity: 'high',
    title: 'Password spray from one IP address',
    entity: { ip: '198.51.100.66', app: HOSTILE_NAME },
    first: new Date('2026-11-12T02:00:00Z'),
    last: new Date('2026-11-12T02:40:00Z'),
    counts: { attempts: 24, users: 13, ips: 1, apps: 1, successes: 0 },
    evidence: [
      { time: new Date('2026-11-12T02:01:00Z'), user: HOSTILE_NAME, ip: '198.51.100.66', app: 'Office 365 Exchange Online', code: 50126, requestId: 'r-1' },
    ],
    why: 'Many users failed with a wrong password from one address within minutes.',
    action: 'Block the address and check that MFA covers every targeted account.',
    ...overrides,
  };
}

/** The start tags of the page, with their attributes: everything a browser could act on. */
function tags(page: string): string[] {
  return [...page.matchAll(/<[a-zA-Z][^>]*>/g)].map((match) => match[0]);
}

describe('HTML report', () => {
  it('matches the golden file', async () => {
    await expect(renderHtml(sampleView(10))).toMatchFileSnapshot('golden/report/sample.html');
  });

  it('refers to nothing outside the page: no src, href, action, url() or @import, no link, iframe or object', () => {
    const page = renderHtml(sampleView(10));
    for (const tag of tags(page).map((text) => text.replace(/"[^"]*"/g, '""'))) {
      expect(tag).not.toMatch(/\s(src|href|action|formaction|srcset|xlink:href|background|poster|data)=/i);
      expect(tag).not.toMatch(/^<(link|iframe|object|embed|img|base|form|audio|video|source)\b/i);
    }
    expect(page).not.toMatch(/url\(|@import/i);
  });

  it('allows exactly its own style and script by their hashes, and nothing else', () => {
    const page = renderHtml(sampleView(10));
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '').replaceAll('&#39;', "'");
    const digest = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(csp).toBe(`default-src 'none'; style-src ${digest(style)}; script-src ${digest(script)}; base-uri 'none'; form-action 'none'`);
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page.match(/<script>/g)).toHaveLength(1);
    // No inline handlers or style attributes, which the policy would block.
    for (const tag of tags(page).map((text) => text.replace(/"[^"]*"/g, '""'))) expect(tag).not.toMatch(/\s(on[a-z]+|style)=/i);
  });

  it('escapes log values in text and in attributes, so hostile names stay text', () => {
    const page = renderHtml(sampleView(10));
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>bold</b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A long hostile name is cut in the cell and kept whole, escaped, in the title attribute.
    expect(page).toMatch(/title="mallory\|&lt;img src=x onerror=alert\(1\)&gt;\*bold\*[^"]*"/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
    expect(page).not.toMatch(/\u001b|\u202e/);
  });

  it('escapes anything: markup from escaped text has no tag, quote or stray ampersand', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(html`<p title="${text}">${text}</p>`.text).toBe(`<p title="${escaped}">${escaped}</p>`);
      }),
    );
  });

  it('renders any user, app or reason as text only', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => `<i>${text}"'&`);
    fc.assert(
      fc.property(fc.array(fc.record({ user: value, app: value, reason: value }), { minLength: 1, maxLength: 6 }), (rows) => {
        const signIns = rows.map((row, i) =>
          makeSignIn({ userPrincipalName: row.user, appName: row.app, errorCode: 99999901, failureReason: row.reason, line: i + 2 }),
        );
        const page = renderHtml(viewOf(analyzeSignIns(signIns).report, 10));
        expect(page).not.toContain('<i>');
      }),
      { numRuns: 40 },
    );
  });

  it('puts the findings under "Act now", escaped, with their evidence', () => {
    const view: ReportView = {
      ...sampleView(10),
      findings: [finding(), finding({ severity: 'medium', title: 'Repeated MFA denials', entity: { user: 'lee.gu@contoso.example' }, evidence: [] })],
    };
    const page = renderHtml(view);
    const actNow = page.slice(page.indexOf('<section id="act-now"'), page.indexOf('<section id="who-acts"'));
    expect(actNow).toContain('<h2 id="h-act-now">Act now</h2>');
    expect(actNow).toContain('Password spray from one IP address');
    expect(actNow).toContain('Repeated MFA denials');
    expect(actNow).toContain('Block the address and check that MFA covers every targeted account.');
    expect(actNow).toContain('<td>r-1</td>');
    expect(actNow).not.toContain('<img');
    expect(actNow).not.toContain('<script>');
    expect(actNow.match(/<article class="card finding/g)).toHaveLength(2);
    // Most urgent first, as the detections give them, each marked by word as well as colour.
    expect(actNow.indexOf('>high<')).toBeLessThan(actNow.indexOf('>medium<'));
  });

  it('says "No findings" for an empty list, and has no "Act now" when no detection ran', () => {
    expect(renderHtml({ ...sampleView(10), findings: [] })).toContain('<p class="empty" id="no-findings">No findings');
    expect(renderHtml(sampleView(10))).not.toContain('id="act-now"');
  });

  it("writes large heat-map counts short, with the exact count in the cell's title", () => {
    const signIns = Array.from({ length: 1500 }, (_unused, i) =>
      makeSignIn({ errorCode: 50126, time: new Date(Date.UTC(2026, 10, 9, 8, i % 60)), line: i + 2 }),
    );
    const page = renderHtml(viewOf(analyzeSignIns(signIns).report, 10));
    const hours = page.slice(page.indexOf('id="chart-hours"'));
    expect(hours).toContain('<title>Mon 08:00 UTC: 1,500 failed of 1,500 sign-ins</title>');
    expect(hours).toMatch(/<text [^>]*>1\.5k<\/text>/);
  });

  it('stays small whatever the input size: the lists are cut to the top rows', () => {
    const many = (count: number) =>
      Array.from({ length: count }, (_unused, i) =>
        makeSignIn({
          userPrincipalName: `user${i}@contoso.example`,
          appName: `App ${i % 500}`,
          ipAddress: `198.51.${Math.floor(i / 250)}.${i % 250}`,
          errorCode: i % 3 === 0 ? 0 : 50126,
          time: new Date(Date.UTC(2026, 10, 9 + (i % 7), i % 24)),
          line: i + 2,
        }),
      );
    const small = renderHtml(viewOf(analyzeSignIns(many(50)).report, 10)).length;
    const large = renderHtml(viewOf(analyzeSignIns(many(5000)).report, 10)).length;
    expect(large).toBeLessThan(small * 1.5);
  });
});
