import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoadShedder } from './load-shedder.js';
import { LOAD_DEFAULTS, readLoadSettings } from './load.settings.js';
import { OverloadedException } from './overload.js';

const settings = { poolMax: 2, poolAcquireTimeoutMs: 1000, maxInFlightWrites: 2, maxPoolWaiting: 3, retryAfterSeconds: 7 };

function arrive(shedder: LoadShedder, method: string, url = '/reports') {
  const response = new EventEmitter();
  let passed: unknown = 'not called';
  shedder.middleware({ method, url } as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => (passed = error));
  return { response, passed };
}

describe('the load shedder', () => {
  it('counts writes while they are answered and sheds the one beyond the bound with its Retry-After', () => {
    const shedder = new LoadShedder(settings, () => 0);
    const first = arrive(shedder, 'POST');
    const second = arrive(shedder, 'PATCH');
    expect([first.passed, second.passed]).toEqual([undefined, undefined]);
    expect(shedder.writesInFlight).toBe(2);
    expect(arrive(shedder, 'GET').passed).toBeUndefined(); // reads are not counted
    const third = arrive(shedder, 'POST');
    expect(third.passed).toBeInstanceOf(OverloadedException);
    expect(third.passed).toMatchObject({ reason: 'in_flight_writes', retryAfterSeconds: 7, problem: { status: 503, type: 'urn:casenet:problem:overloaded' } });
    expect(shedder.writesInFlight).toBe(2);
    first.response.emit('finish');
    first.response.emit('close'); // both come after a normal answer: released once
    expect(shedder.writesInFlight).toBe(1);
    second.response.emit('close'); // the caller hung up
    expect(shedder.writesInFlight).toBe(0);
    expect(arrive(shedder, 'POST').passed).toBeUndefined();
  });

  it('reads the pools at each request', () => {
    let waiting = 0;
    const shedder = new LoadShedder(settings, () => waiting);
    expect(arrive(shedder, 'GET', '/cases').passed).toBeUndefined();
    waiting = 3;
    expect(arrive(shedder, 'GET', '/cases').passed).toMatchObject({ reason: 'pool_waiting' });
    expect(arrive(shedder, 'GET', '/health').passed).toBeUndefined();
    expect(arrive(shedder, 'GET', '/metrics').passed).toBeUndefined();
    waiting = 2;
    expect(arrive(shedder, 'GET', '/cases').passed).toBeUndefined();
  });
});

describe('the load settings', () => {
  it('default to a pool of 10 and bounds a few times it', () => {
    const problems: string[] = [];
    expect(readLoadSettings({}, problems)).toEqual({
      poolMax: 10,
      poolAcquireTimeoutMs: 5000,
      maxInFlightWrites: 64,
      maxPoolWaiting: 32,
      retryAfterSeconds: 1,
    });
    expect(problems).toEqual([]);
  });

  it('read the environment and name every wrong value', () => {
    const problems: string[] = [];
    const read = readLoadSettings({ DATABASE_POOL_MAX: '3', SHED_MAX_POOL_WAITING: '0', SHED_RETRY_AFTER_SECONDS: '2' }, problems);
    expect(read).toMatchObject({ poolMax: 3, maxPoolWaiting: 0, retryAfterSeconds: 2 });
    expect(problems).toEqual([]);
    readLoadSettings(
      { DATABASE_POOL_MAX: '0', DATABASE_POOL_ACQUIRE_TIMEOUT_MS: 'soon', SHED_MAX_INFLIGHT_WRITES: '-1', SHED_RETRY_AFTER_SECONDS: '1.5' },
      problems,
    );
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['DATABASE_POOL_MAX', 'DATABASE_POOL_ACQUIRE_TIMEOUT_MS', 'SHED_MAX_INFLIGHT_WRITES', 'SHED_RETRY_AFTER_SECONDS']),
    );
    expect(Object.keys(LOAD_DEFAULTS)).toHaveLength(5);
  });
});
