// Owns --compare previous-period on worker threads: a sink module that wraps the report's own sink module so
// each part of a large file is tallied twice in its one pass, once for the period and once for the period before.

import type { PartSink as Sink } from '../ingest/options.js';

export interface EarlierSinkConfig {
  /** The report's sink module and its configs for the current period and the period before. */
  readonly module: string;
  readonly current: unknown;
  readonly earlier: unknown;
  /** The earlier window, epoch milliseconds [start, end): only those rows reach the second sink. */
  readonly startMs: number;
  readonly endMs: number;
}

export interface EarlierSinkResult {
  readonly current: unknown;
  readonly earlier: unknown;
}

export async function createSink(config: EarlierSinkConfig): Promise<Sink> {
  const inner = (await import(config.module)) as { createSink(config: unknown): Promise<Sink> | Sink };
  const current = await inner.createSink(config.current);
  const earlier = await inner.createSink(config.earlier);
  const { startMs, endMs } = config;
  return {
    add: (signIn) => {
      current.add(signIn);
      const ms = signIn.time.getTime();
      if (ms >= startMs && ms < endMs) earlier.add(signIn);
    },
    result: (): EarlierSinkResult => ({ current: current.result(), earlier: earlier.result() }),
  };
}
