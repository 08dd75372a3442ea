import { describe, expect, it } from '@jest/globals';
import { erasureStatus, sealedState } from './erasure.status.js';

const coordinator = `sk1_${'a'.repeat(43)}`;
const police = `sk2_police_${'b'.repeat(43)}`;
const erasedAt = new Date('2026-12-01T10:00:00Z');

describe('erasure status', () => {
  it('is not erased while every key version is live', () => {
    expect(erasureStatus([{ subject: coordinator, version: 1, erasedAt: null }])).toEqual({
      erased: false,
      erasedAt: [],
      spaces: [{ space: 'coordinator', versions: 1, erasedVersions: 0, live: true }],
    });
  });

  it('says when the child was erased, per space, and a live key sealed after the erasure (a new report)', () => {
    const status = erasureStatus([
      { subject: coordinator, version: 1, erasedAt },
      { subject: coordinator, version: 2, erasedAt: null },
      { subject: police, version: 1, erasedAt },
    ]);
    expect(status).toEqual({
      erased: true,
      erasedAt: ['2026-12-01T10:00:00.000Z'],
      spaces: [
        { space: 'coordinator', versions: 2, erasedVersions: 1, live: true },
        { space: 'police', versions: 1, erasedVersions: 1, live: false },
      ],
    });
  });

  it('reads which key sealed an event from its sealed part, and whether that key is gone', () => {
    const rows = [
      { subject: coordinator, version: 1, erasedAt },
      { subject: coordinator, version: 2, erasedAt: null },
    ];
    expect(sealedState(undefined, coordinator, rows)).toBe('none');
    expect(sealedState('sealed:v1:1:QUJD', coordinator, rows)).toBe('erased');
    expect(sealedState('sealed:v1:2:QUJD', coordinator, rows)).toBe('sealed');
    expect(sealedState('sealed:v1:1:QUJD', police, rows)).toBe('unknown-key');
  });
});
