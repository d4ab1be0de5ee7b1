// The detection settings file (--detections FILE): overrides over the defaults, and one clear error naming the
// file, the line and the bad key for everything else; docs/detections.md lists every setting with its default.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_SETTINGS, parseDetectionSettings, SETTING_FIELDS } from '../src/analyze/findings/index.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { AppError } from '../src/errors.js';
import { repoRoot } from './ingest.helpers.js';

function problem(text: string): string {
  try {
    parseDetectionSettings(text, 'detections.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DETECTIONS_INVALID');
    return formatDiagnostic((error as AppError).diagnostic)
      .replace(/^signin-analyzer: /, '')
      .trimEnd();
  }
  throw new Error(`${text} was accepted`);
}

describe('parseDetectionSettings', () => {
  it('gives the defaults for an empty object, with a byte-order mark too', () => {
    expect(parseDetectionSettings('{}', 'f')).toEqual(DEFAULT_DETECTION_SETTINGS);
    expect(parseDetectionSettings('\uFEFF{}', 'f')).toEqual(DEFAULT_DETECTION_SETTINGS);
  });

  it('replaces only the values given', () => {
    const settings = parseDetectionSettings(
      JSON.stringify({
        'password-spray': { minUsers: 8 },
        'sign-in-loop': { enabled: false, codes: ['AADSTS50078', 50140] },
        codes: { lockout: { codes: [50053, 120014] } },
        mfaDeniedTexts: [' MFA Denied '],
        network: { ipv6PrefixBits: 64 },
      }),
      'f',
    );
    expect(settings['password-spray']).toEqual({ ...DEFAULT_DETECTION_SETTINGS['password-spray'], minUsers: 8 });
    expect(settings['sign-in-loop']).toEqual({ ...DEFAULT_DETECTION_SETTINGS['sign-in-loop'], enabled: false, codes: [50078, 50140] });
    expect(settings.codes.lockout).toEqual({ codes: [50053, 120014], tags: ['lockout'] });
    expect(settings.mfaDeniedTexts).toEqual(['mfa denied']);
    expect(settings.network).toEqual({ ipv4PrefixBits: 24, ipv6PrefixBits: 64 });
    expect(settings['brute-force']).toBe(DEFAULT_DETECTION_SETTINGS['brute-force']);
  });

  it('names an unknown section or key, with its line', () => {
    expect(problem('{\n  "password-sprey": {}\n}')).toMatch(
      /^detections\.json:2: unknown setting "password-sprey" \(known here: "network", "codes", .*"sign-in-loop"\) — /,
    );
    expect(problem('{\n  "password-spray": {\n    "minUser": 3\n  }\n}')).toMatch(
      /^detections\.json:3: unknown setting "password-spray\.minUser" \(known here: "enabled", "binMinutes", "minUsers"/,
    );
    expect(problem('{"codes": {"lockout": {"code": [1]}}}')).toContain('unknown setting "codes.lockout.code" (known here: "codes", "tags")');
  });

  it('says what a bad value must be', () => {
    expect(problem('{"password-spray": {"minUsers": 0}}')).toContain('"password-spray.minUsers" must be a whole number of at least 1, not 0');
    expect(problem('{"password-spray": {"minUsers": "five"}}')).toContain('must be a whole number of at least 1, not "five"');
    expect(problem('{"stale-credentials": {"minCoverage": 1.5}}')).toContain('"stale-credentials.minCoverage" must be a number from 0 to 1, not 1.5');
    expect(problem('{"legacy-auth": {"enabled": "yes"}}')).toContain('"legacy-auth.enabled" must be true or false, not "yes"');
    expect(problem('{"network": {"ipv4PrefixBits": 33}}')).toContain('must be a prefix length from 8 to 32');
    expect(problem('{"codes": {"lockout": {"codes": ["locked"]}}}')).toContain('"codes.lockout.codes" holds "locked", which is not an error code');
    expect(problem('{"codes": {"lockout": {"tags": ["locked"]}}}')).toContain(
      '"codes.lockout.tags" holds "locked", which is not a catalog tag (wrong_password, lockout,',
    );
    expect(problem('{"mfaDeniedTexts": ["", "x"]}')).toContain('"mfaDeniedTexts" must be a list of non-empty texts');
    expect(problem('{"password-spray": 5}')).toContain('"password-spray" must be an object');
  });

  it('reports broken JSON with its line, and a top level that is not an object', () => {
    expect(problem('{\n  "password-spray": {"minUsers": 3\n}')).toMatch(/^detections\.json(:\d+)?: not valid JSON: /);
    expect(problem('{\n  "a": 1,\n  "b": 2')).toMatch(/^detections\.json:3: not valid JSON: /);
    expect(problem('[1, 2]')).toMatch(/^detections\.json: the top level must be a JSON object/);
  });
});

describe('docs/detections.md', () => {
  const docs = readFileSync(join(repoRoot, 'docs', 'detections.md'), 'utf8');

  it('lists every setting with its default, and every kind', () => {
    const valueAt = (path: string): unknown =>
      path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], DEFAULT_DETECTION_SETTINGS);
    for (const { path } of SETTING_FIELDS) {
      const value = valueAt(path);
      const shown = JSON.stringify(value);
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${path}\` |`));
      expect(row, `docs row for ${path}`).toBeDefined();
      expect(row, `default of ${path}`).toContain(`\`${shown}\``);
    }
    for (const kind of Object.keys(DEFAULT_DETECTION_SETTINGS).filter((key) => key.includes('-'))) expect(docs).toContain(`### ${kind}`);
  });
});
