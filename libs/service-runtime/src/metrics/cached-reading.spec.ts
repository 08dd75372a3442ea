import { describe, expect, it } from '@jest/globals';
import { CachedReading } from './cached-reading.js';

describe('a cached reading for scrapes', () => {
  it('reads once per period, shared by concurrent scrapes', async () => {
    let now = 0;
    let reads = 0;
    const reading = new CachedReading(
      async () => (reads += 1),
      1_000,
      500,
      undefined,
      () => now,
    );
    expect(await Promise.all([reading.get(), reading.get()])).toEqual([1, 1]);
    now = 999;
    expect(await reading.get()).toBe(1);
    now = 1_000;
    expect(await reading.get()).toBe(2);
  });

  it('keeps the last value when a read fails or is late, and answers in time', async () => {
    let mode: 'ok' | 'fail' | 'hang' = 'ok';
    const failures: unknown[] = [];
    const reading = new CachedReading<number>(
      () => (mode === 'ok' ? Promise.resolve(5) : mode === 'fail' ? Promise.reject(new Error('pool timeout')) : new Promise<number>(() => undefined)),
      0,
      50,
      (error) => failures.push(error),
    );
    expect(await reading.get()).toBe(5);
    mode = 'fail';
    expect(await reading.get()).toBe(5);
    expect(failures).toHaveLength(1);
    mode = 'hang';
    const started = Date.now();
    expect(await reading.get()).toBe(5);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
