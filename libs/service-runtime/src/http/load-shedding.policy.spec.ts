import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isNeverShed, shedReason } from './load-shedding.policy.js';

const bounds = { maxInFlightWrites: 8, maxPoolWaiting: 4 };
const writes = ['POST', 'PUT', 'PATCH', 'DELETE'];
const apiPaths = ['/reports', '/reports/6f1c0a52-8d0e-4b7a-9a57-1f9f2c3d4e5f', '/cases?careLevel=I', '/screening/queue', '/session'];

describe('the shedding decision', () => {
  it('takes every request while both bounds hold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'HEAD', ...writes),
        fc.constantFrom(...apiPaths),
        fc.integer({ min: 0, max: bounds.maxInFlightWrites - 1 }),
        fc.integer({ min: 0, max: bounds.maxPoolWaiting - 1 }),
        (method, path, inFlightWrites, poolWaiting) => {
          expect(shedReason({ method, path }, { inFlightWrites, poolWaiting }, bounds)).toBeUndefined();
        },
      ),
    );
  });

  it('sheds a write once the writes in flight reach their bound, and never a read for that', () => {
    fc.assert(
      fc.property(fc.constantFrom(...apiPaths), fc.integer({ min: bounds.maxInFlightWrites, max: 10_000 }), (path, inFlightWrites) => {
        for (const method of writes) expect(shedReason({ method, path }, { inFlightWrites, poolWaiting: 0 }, bounds)).toBe('in_flight_writes');
        expect(shedReason({ method: 'GET', path }, { inFlightWrites, poolWaiting: 0 }, bounds)).toBeUndefined();
      }),
    );
  });

  it('sheds reads and writes alike while a pool has its bound of queries waiting', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', ...writes),
        fc.constantFrom(...apiPaths),
        fc.integer({ min: bounds.maxPoolWaiting, max: 10_000 }),
        (method, path, poolWaiting) => {
          expect(shedReason({ method, path }, { inFlightWrites: 0, poolWaiting }, bounds)).toBe('pool_waiting');
        },
      ),
    );
  });

  it('a bound of 0 waiting sheds as soon as one query waits, not before', () => {
    const zero = { ...bounds, maxPoolWaiting: 0 };
    expect(shedReason({ method: 'GET', path: '/cases' }, { inFlightWrites: 0, poolWaiting: 0 }, zero)).toBeUndefined();
    expect(shedReason({ method: 'GET', path: '/cases' }, { inFlightWrites: 0, poolWaiting: 1 }, zero)).toBe('pool_waiting');
  });

  it('never sheds reads of the probe, the metrics or the UI, however loaded', () => {
    const overloaded = { inFlightWrites: 1e6, poolWaiting: 1e6 };
    for (const path of ['/health', '/health/', '/metrics', '/metrics?x=1', '/ui', '/ui/', '/ui/assets/index.js']) {
      for (const method of ['GET', 'HEAD', 'get']) {
        expect(isNeverShed(method, path)).toBe(true);
        expect(shedReason({ method, path }, overloaded, bounds)).toBeUndefined();
      }
    }
  });

  it('sheds what only looks like those paths, and writes to them', () => {
    const overloaded = { inFlightWrites: 1e6, poolWaiting: 1e6 };
    for (const path of ['/healthz', '/metrics/../reports', '/uix', '/health/extra']) {
      expect(shedReason({ method: 'GET', path }, overloaded, bounds)).toBe('pool_waiting');
    }
    expect(shedReason({ method: 'POST', path: '/health' }, overloaded, bounds)).toBe('in_flight_writes');
    expect(shedReason({ method: undefined, path: '/health' }, overloaded, bounds)).toBe('pool_waiting');
  });
});
