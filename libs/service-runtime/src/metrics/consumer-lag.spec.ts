import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { lagOf } from './consumer-lag.js';

describe('consumer lag', () => {
  it('is the distance from the committed offset to the high watermark, per partition', () => {
    expect(
      lagOf(
        [
          { partition: 1, offset: '40' },
          { partition: 0, offset: '10' },
        ],
        [
          { partition: 0, low: '0', high: '12' },
          { partition: 1, low: '0', high: '40' },
        ],
      ),
    ).toEqual([
      { partition: 0, lag: 2 },
      { partition: 1, lag: 0 },
    ]);
  });

  it('counts from the low watermark where the group never committed (it consumes from the beginning)', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e6), (low, size) => {
        const ends = [{ partition: 0, low: String(low), high: String(low + size) }];
        expect(lagOf([{ partition: 0, offset: '-1' }], ends)).toEqual([{ partition: 0, lag: size }]);
        expect(lagOf([], ends)).toEqual([{ partition: 0, lag: size }]);
      }),
    );
  });

  it('is never negative (a commit seen before the watermark moved)', () => {
    expect(lagOf([{ partition: 0, offset: '9' }], [{ partition: 0, low: '0', high: '8' }])).toEqual([{ partition: 0, lag: 0 }]);
  });
});
