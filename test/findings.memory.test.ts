// What the findings engine keeps alive: a state that was merged into another or finished is not held by the
// engine afterwards, so its tables (hundreds of megabytes at millions of sign-ins) go with the run that made
// them, before the report is rendered and in a program that makes report after report.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createFindingsState, finishFindings, mergeFindingsStates, type FindingsState } from '../src/analyze/findings/index.js';
import { observeAll } from './helpers/findings.js';
import { makeSignIn } from './helpers/signins.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Wrong passwords for one account from one address, a minute apart: a brute force in either half. */
const failures = Array.from({ length: 40 }, (_, i) => makeSignIn({ ipAddress: '203.0.113.5', errorCode: 50126, time: new Date(Date.UTC(2026, 2, 2, 9, i)) }));

/** Whether the state `make` returns (through a WeakRef only) is collected once the turn that made it is over. */
async function collected(make: () => FindingsState): Promise<boolean> {
  const ref = new WeakRef(make());
  // A WeakRef holds its target until the end of the turn that dereferenced it. A collection run while the suite's
  // other files keep the machine busy may leave it for the next: a few turns and collections, each checked.
  for (let attempt = 0; attempt < 3; attempt++) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

describe('what the findings engine keeps alive', () => {
  it('a state merged into an empty one that takes its tables over', async () => {
    const target = createFindingsState();
    expect(
      await collected(() => {
        const source = observeAll(failures);
        mergeFindingsStates(target, source);
        return source;
      }),
    ).toBe(true);
    expect(finishFindings(target).length).toBeGreaterThan(0);
  });

  it('a state merged into one that observed sign-ins of its own', async () => {
    const target = observeAll(failures.slice(0, 20));
    expect(
      await collected(() => {
        const source = observeAll(failures.slice(20));
        mergeFindingsStates(target, source);
        return source;
      }),
    ).toBe(true);
    expect(finishFindings(target).length).toBeGreaterThan(0);
  });

  it('a state that was finished', async () => {
    expect(
      await collected(() => {
        const state = observeAll(failures);
        expect(finishFindings(state).length).toBeGreaterThan(0);
        return state;
      }),
    ).toBe(true);
  });
});
