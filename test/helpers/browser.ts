// Test helper: headless Chromium from the system (Debian's `chromium` package), driven by playwright-core. Where
// it is missing the browser tests skip with one line saying why, except in CI (CI set), where they must run:
// there a missing browser is an error, not a skip (.ci/run installs it).

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (path): path is string => path !== undefined && path !== '',
);

/** The browser's path, or null when there is none to run. */
const chromiumPath: string | null = CANDIDATES.find((path) => existsSync(path)) ?? null;

/** Why the browser tests do not run here, or null when they do. Throws in CI, where they must. */
export function browserMissing(): string | null {
  if (chromiumPath !== null) return null;
  const reason = `no Chromium at ${CANDIDATES.join(' or ')} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env['CI'] !== undefined) throw new Error(`browser tests cannot run in CI: ${reason}`);
  return `browser tests skipped: ${reason}`;
}

/** Headless, offline-minded Chromium: no GPU, QUIC, first-run, background networking, component updates or sync. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    // playwright-core starts every launch with a fresh, temporary profile directory of its own.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
