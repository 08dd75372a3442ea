import { describe, expect, it } from '@jest/globals';
import { DEAD_LETTER_HEADERS, DOMAIN_RULE_CODES, DomainRuleError, EventValidationError, problemOf } from '@casenet/contracts';
import { deadLetterHeaders, decideOnFailure, storableProblem } from './inbox.decisions.js';
import { RejectedEventError } from './inbox.errors.js';

const policy = { maxAttempts: 5, retryBaseMs: 100 };

describe('what the inbox does when a handler throws', () => {
  it('leaves the message to Kafka when the database or network is away, whatever the attempt', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    for (const error of [refused, adminShutdown, new Error('Connection terminated unexpectedly')]) {
      expect(decideOnFailure(error, 1, policy)).toEqual({ action: 'redeliver' });
      expect(decideOnFailure(error, 99, policy)).toEqual({ action: 'redeliver' });
    }
  });

  it('parks an event that can never apply at once, as rejected, with the error as its detail', () => {
    const never = [
      new RejectedEventError('no report 42 at schools'),
      ...DOMAIN_RULE_CODES.map((code) => new DomainRuleError(code, `a rule broken: ${code}`)),
      new EventValidationError('data.status: status must be one of the following values'),
    ];
    for (const error of never) {
      expect(decideOnFailure(error, 1, policy)).toEqual({ action: 'dead-letter', problem: problemOf('rejected-event', error.message) });
    }
  });

  it('retries anything else with exponential backoff, then parks it as failed on the last attempt', () => {
    const error = new Error('deadlock detected');
    expect([1, 2, 3, 4].map((attempt) => decideOnFailure(error, attempt, policy))).toEqual([
      { action: 'retry', delayMs: 100 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 400 },
      { action: 'retry', delayMs: 800 },
    ]);
    expect(decideOnFailure(error, 5, policy)).toEqual({ action: 'dead-letter', problem: problemOf('failed-event', 'deadlock detected') });
    expect(decideOnFailure('a thrown string', 5, policy)).toEqual({ action: 'dead-letter', problem: problemOf('failed-event', 'a thrown string') });
  });

  it('parks at once when only one attempt is allowed', () => {
    expect(decideOnFailure(new Error('boom'), 1, { maxAttempts: 1, retryBaseMs: 100 })).toMatchObject({
      action: 'dead-letter',
      problem: { type: 'urn:casenet:problem:failed-event' },
    });
  });
});

describe('the headers of a dead-lettered message', () => {
  const source = { topic: 'schools.inbox.v1', partition: 2, offset: '17' };
  const at = new Date('2025-03-01T10:00:00.000Z');

  it('carry the detail as the reason, the whole problem as JSON, where it came from and how often it was tried', () => {
    const problem = problemOf('invalid-event', 'data.reportId: reportId must be a UUID', [{ path: 'data.reportId', message: 'reportId must be a UUID' }]);
    expect(deadLetterHeaders(problem, source, 3, at)).toEqual({
      [DEAD_LETTER_HEADERS.reason]: 'data.reportId: reportId must be a UUID',
      [DEAD_LETTER_HEADERS.problem]: JSON.stringify(problem),
      [DEAD_LETTER_HEADERS.sourceTopic]: 'schools.inbox.v1',
      [DEAD_LETTER_HEADERS.sourcePartition]: '2',
      [DEAD_LETTER_HEADERS.sourceOffset]: '17',
      [DEAD_LETTER_HEADERS.attempts]: '3',
      [DEAD_LETTER_HEADERS.failedAt]: '2025-03-01T10:00:00.000Z',
    });
  });

  it('name the problem type the operator filters on: one per kind of failure', () => {
    for (const kind of [
      'malformed-event',
      'untrusted-event',
      'unreadable-seal',
      'invalid-event',
      'sharing-policy',
      'unhandled-event',
      'rejected-event',
      'failed-event',
    ] as const) {
      const headers = deadLetterHeaders(problemOf(kind, 'why'), source, 1, at);
      expect(JSON.parse(headers[DEAD_LETTER_HEADERS.problem] ?? '')).toMatchObject({ type: `urn:casenet:problem:${kind}`, detail: 'why' });
    }
  });

  it('stay small: a long detail is cut in the reason, and past 8 KB the problem keeps its first 20 field errors', () => {
    const errors = Array.from({ length: 200 }, (_, i) => ({ path: `data.items[${i}]`, message: 'x'.repeat(100) }));
    const problem = problemOf('invalid-event', 'y'.repeat(5000), errors);
    const headers = deadLetterHeaders(problem, source, 1, at);
    expect(headers[DEAD_LETTER_HEADERS.reason]).toHaveLength(2000);
    const carried = JSON.parse(headers[DEAD_LETTER_HEADERS.problem] ?? '') as { detail: string; errors: unknown[] };
    expect(carried.detail).toHaveLength(2000);
    expect(carried.errors).toEqual(errors.slice(0, 20));
  });

  it('quote poison as text PostgreSQL can store: NUL and lone surrogates replaced', () => {
    const stored = storableProblem(problemOf('invalid-event', 'bad \u0000 and \uD800 here', [{ path: 'data.\u0000', message: '\uDC00' }]));
    expect(stored.detail).toBe('bad \uFFFD and \uFFFD here');
    expect(stored.errors).toEqual([{ path: 'data.\uFFFD', message: '\uFFFD' }]);
  });
});
