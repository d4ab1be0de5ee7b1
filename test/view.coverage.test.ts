// What the inputs cover, against naive models computed here from the same sign-ins: the span of each input (also
// when read in parts and merged, as worker threads do), the days with no sign-in, overlapping inputs, inputs that
// end before the period, missing sign-in types, and the export caps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanTracker } from '../src/ingest/accounting.js';
import { capOf, EXPORT_CAPS, INPUT_FORMATS, type FormatInfo, type InputFormat } from '../src/ingest/formats.js';
import { SIGN_IN_TYPES, type SignIn } from '../src/model.js';
import { coverageOf, coverageWarnings, ENDS_EARLY_AFTER_MS } from '../src/view/coverage.js';
import { inputSummaryOf, makeSignIn } from './helpers/signins.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 1);
/** The run's --now: after every sign-in here, unless a test says otherwise. */
const NOW = new Date(Date.UTC(2030, 0, 1));

const signInArbitrary: fc.Arbitrary<SignIn> = fc
  .record({ at: fc.integer({ min: 0, max: 20 * DAY - 1 }), signInType: fc.constantFrom(...SIGN_IN_TYPES) })
  .map(({ at, signInType }) => makeSignIn({ time: new Date(START + at), signInType }));

const inputsArbitrary = fc.array(fc.array(signInArbitrary, { maxLength: 30 }), { minLength: 1, maxLength: 4 });

const dayText = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

describe('the span of an input', () => {
  it('holds its types, first and last sign-in and days; read in parts and merged, the same', () => {
    fc.assert(
      fc.property(fc.array(signInArbitrary, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (signIns, cut) => {
        const whole = new SpanTracker();
        for (const signIn of signIns) whole.add(signIn);
        const [first, second] = [new SpanTracker(), new SpanTracker()];
        signIns.forEach((signIn, i) => {
          (i < cut ? first : second).add(signIn);
        });
        const merged = new SpanTracker();
        merged.merge(first.facts());
        merged.merge(second.facts());
        const times = signIns.map((signIn) => signIn.time.getTime());
        const expected = {
          types: SIGN_IN_TYPES.filter((type) => signIns.some((signIn) => signIn.signInType === type)),
          first: times.length === 0 ? null : new Date(Math.min(...times)),
          last: times.length === 0 ? null : new Date(Math.max(...times)),
          days: [...new Set(times.map((time) => Math.floor(time / DAY)))].sort((a, b) => a - b),
        };
        expect(whole.span()).toEqual(expected);
        expect(merged.span()).toEqual(expected);
      }),
    );
  });
});

describe('across inputs', () => {
  it('missing days are the days between the first and the last sign-in that no input has a sign-in on', () => {
    fc.assert(
      fc.property(inputsArbitrary, (inputs) => {
        const coverage = coverageOf(
          inputs.map((signIns, i) => inputSummaryOf(signIns, `in${i}.csv`)),
          { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: false },
        );
        const days = new Set(inputs.flat().map((signIn) => Math.floor(signIn.time.getTime() / DAY)));
        const expected: string[] = [];
        if (days.size > 0) for (let day = Math.min(...days); day <= Math.max(...days); day++) if (!days.has(day)) expected.push(dayText(day));
        expect(coverage.missingDays).toEqual(expected);
      }),
    );
  });

  it('missing days are counted inside the period only', () => {
    const signIns = [1, 2, 6, 9].map((day) => makeSignIn({ time: new Date(START + day * DAY + 3_600_000) }));
    const window = { since: new Date(START + 2 * DAY), until: new Date(START + 7 * DAY) };
    const coverage = coverageOf([inputSummaryOf(signIns)], { window, now: NOW, types: [], keepDuplicates: false });
    expect(coverage.missingDays).toEqual(['2026-11-04', '2026-11-05', '2026-11-06']);
  });

  it('overlaps: every pair of inputs whose spans meet and that share a sign-in type, the later one second', () => {
    fc.assert(
      fc.property(inputsArbitrary, (inputs) => {
        const summaries = inputs.map((signIns, i) => inputSummaryOf(signIns, `in${i}.csv`, 'portal-csv', i));
        const coverage = coverageOf(summaries, { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: false });
        const expected: unknown[] = [];
        inputs.forEach((later, j) => {
          inputs.slice(0, j).forEach((earlier, i) => {
            if (earlier.length === 0 || later.length === 0) return;
            const times = (signIns: SignIn[]) => signIns.map((signIn) => signIn.time.getTime());
            const [a, b] = [times(earlier), times(later)];
            const from = Math.max(Math.min(...a), Math.min(...b));
            const until = Math.min(Math.max(...a), Math.max(...b));
            const shared = earlier.some((x) => later.some((y) => x.signInType === y.signInType));
            if (from <= until && shared) expected.push({ inputs: [`in${i}.csv`, `in${j}.csv`], from: new Date(from), until: new Date(until), duplicates: j });
          });
        });
        expect(coverage.overlaps).toEqual(expected);
      }),
    );
  });

  it('an interactive and a non-interactive download of the same days do not overlap', () => {
    const day = (type: SignIn['signInType']) => [
      makeSignIn({ time: new Date(START), signInType: type }),
      makeSignIn({ time: new Date(START + DAY), signInType: type }),
    ];
    const coverage = coverageOf([inputSummaryOf(day('interactive'), 'a.csv'), inputSummaryOf(day('noninteractive'), 'b.csv')], {
      window: { since: null, until: null },
      now: NOW,
      types: [],
      keepDuplicates: false,
    });
    expect(coverage.overlaps).toEqual([]);
    expect(coverage.typesMissing.map((missing) => [missing.type, missing.warned])).toEqual([
      ['serviceprincipal', false],
      ['managedidentity', false],
    ]);
    expect(coverageWarnings(coverage)).toEqual([]);
  });

  it('one user log without the other is warned about, unless --type leaves the other out', () => {
    const interactive = [inputSummaryOf([makeSignIn({ time: new Date(START), signInType: 'interactive' })])];
    const all = coverageOf(interactive, { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: false });
    expect(coverageWarnings(all).map((item) => item.code)).toEqual(['SIGN_IN_TYPE_MISSING']);
    expect(coverageWarnings(all)[0]!.message).toContain('no non-interactive ones');
    const onlyInteractive = coverageOf(interactive, { window: { since: null, until: null }, now: NOW, types: ['interactive'], keepDuplicates: false });
    expect(coverageWarnings(onlyInteractive)).toEqual([]);
    const nonInteractive = [inputSummaryOf([makeSignIn({ time: new Date(START), signInType: 'noninteractive' })])];
    const other = coverageOf(nonInteractive, { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: false });
    expect(coverageWarnings(other)[0]!.message).toContain('no interactive ones');
  });

  it('an input ends early when it stops more than a day before the period does and no input of its types goes on', () => {
    const until = new Date(START + 7 * DAY);
    const at = (ms: number, type: SignIn['signInType'] = 'interactive') => makeSignIn({ time: new Date(ms), signInType: type });
    const early = inputSummaryOf([at(START), at(until.getTime() - ENDS_EARLY_AFTER_MS - 1)], 'early.csv');
    const lastNight = inputSummaryOf([at(START), at(until.getTime() - ENDS_EARLY_AFTER_MS)], 'late.csv');
    const request = { window: { since: new Date(START), until }, now: NOW, types: [], keepDuplicates: false };
    expect(coverageOf([early], request).endsEarly).toEqual([{ path: 'early.csv', lastSignIn: early.covers.last, until, ongoing: false }]);
    expect(coverageOf([lastNight], request).endsEarly).toEqual([]);
    // Another download of the same type goes on: the first one ending early is no gap.
    expect(coverageOf([early, lastNight], request).endsEarly).toEqual([]);
    // One of another type does not cover for it.
    const other = inputSummaryOf([at(START, 'serviceprincipal'), at(until.getTime() - 1, 'serviceprincipal')], 'apps.csv');
    expect(coverageOf([early, other], request).endsEarly.map((item) => item.path)).toEqual(['early.csv']);
    expect(coverageWarnings(coverageOf([early], request)).map((item) => [item.code, item.file])).toContainEqual(['INPUT_ENDS_EARLY', 'early.csv']);
    // Without an end to the period there is nothing to end before.
    expect(coverageOf([early], { ...request, window: { since: null, until: null } }).endsEarly).toEqual([]);
  });

  it('a period that has not ended yet is measured up to now: sign-ins still to come are not missing', () => {
    const until = new Date(START + 30 * DAY);
    const last = START + 10 * DAY;
    const input = inputSummaryOf([makeSignIn({ time: new Date(START) }), makeSignIn({ time: new Date(last) })], 'month.csv');
    const request = { window: { since: new Date(START), until }, types: [], keepDuplicates: false };
    expect(coverageOf([input], { ...request, now: new Date(last + 6 * 3_600_000) }).endsEarly).toEqual([]);
    const later = new Date(last + 3 * DAY);
    expect(coverageOf([input], { ...request, now: later }).endsEarly).toEqual([{ path: 'month.csv', lastSignIn: new Date(last), until: later, ongoing: true }]);
    expect(coverageWarnings(coverageOf([input], { ...request, now: later })).find((item) => item.code === 'INPUT_ENDS_EARLY')?.message).toBe(
      `ends at ${new Date(last).toISOString().replace('.000Z', 'Z')}, 3 days before now (${later.toISOString().replace('.000Z', 'Z')}), and no other input goes on: later sign-ins are missing`,
    );
  });

  it('overlaps are warned about only when duplicates are kept (then shared sign-ins count twice)', () => {
    const signIns = [makeSignIn({ time: new Date(START) }), makeSignIn({ time: new Date(START + DAY) })];
    const inputs = [inputSummaryOf(signIns, 'a.csv'), inputSummaryOf(signIns, 'b.csv', 'portal-csv', 2)];
    const kept = coverageOf(inputs, { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: true });
    const dropped = coverageOf(inputs, { window: { since: null, until: null }, now: NOW, types: [], keepDuplicates: false });
    expect(dropped.overlaps).toEqual([{ inputs: ['a.csv', 'b.csv'], from: new Date(START), until: new Date(START + DAY), duplicates: 2 }]);
    expect(coverageWarnings(dropped).filter((item) => item.code === 'INPUTS_OVERLAP')).toEqual([]);
    expect(
      coverageWarnings(kept)
        .filter((item) => item.code === 'INPUTS_OVERLAP')
        .map((item) => item.file),
    ).toEqual(['b.csv']);
  });
});

describe('export caps', () => {
  it('a file of exactly a cap rows, from a source that stops there, was probably cut; one row more or less was not', () => {
    for (const format of Object.keys(INPUT_FORMATS) as InputFormat[]) {
      const info: FormatInfo = INPUT_FORMATS[format];
      for (const cap of EXPORT_CAPS) {
        // A file of authentication steps has no row limit of its own: the download's limit counts sign-ins.
        const origin = info.authSteps === true ? undefined : cap.origins[info.source];
        expect(capOf(format, cap.rows)).toEqual(origin === undefined ? null : { rows: cap.rows, origin });
        expect(capOf(format, cap.rows - 1)).toBeNull();
        expect(capOf(format, cap.rows + 1)).toBeNull();
      }
    }
  });

  it('knows the caps admins meet, and never flags a diagnostic-settings stream', () => {
    expect(EXPORT_CAPS.map((cap) => cap.rows)).toEqual([1_000, 5_000, 10_000, 30_000, 50_000, 100_000, 250_000, 500_000]);
    expect(capOf('audit-csv', 50_000)?.origin).toContain('Purview');
    expect(capOf('portal-csv', 100_000)?.origin).toContain('admin center');
    expect(capOf('log-analytics-csv', 10_000)).not.toBeNull();
    expect(capOf('graph-jsonl', 1_000)?.origin).toContain('nextLink');
    for (const cap of EXPORT_CAPS) expect(capOf('diagnostic-jsonl', cap.rows)).toBeNull();
    for (const cap of EXPORT_CAPS) expect(capOf('portal-authdetails-csv', cap.rows)).toBeNull();
  });
});
