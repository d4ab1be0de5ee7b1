// Makes docs/report-html.png: the HTML report of the bundled sample, as Chromium shows it, from the top down to
// the end of the charts. Run `npm run screenshot` (it builds first); it needs Debian's chromium (or CHROMIUM_PATH).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'report-html.png');
const dir = mkdtempSync(path.join(tmpdir(), 'report-screenshot-'));
const page = path.join(dir, 'report.html');

const args = ['report', 'fixtures/sample/InteractiveSignIns_sample.csv', '--now', '2026-11-16T08:00:00Z', '--format', 'html', '--output', page];
const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) throw new Error(`signin-analyzer exited with ${run.status}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1100, height: 800 }, colorScheme: 'light' });
  await tab.goto(pathToFileURL(page).href);
  // Down to the end of the charts: the part a reader sees first; the detail tables follow on the page.
  const box = await tab.locator('#charts').boundingBox();
  await tab.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(box.y + box.height) } });
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
