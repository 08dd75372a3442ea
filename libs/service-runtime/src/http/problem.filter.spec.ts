import { describe, expect, it } from '@jest/globals';
import {
  type ArgumentsHost,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DOMAIN_RULE_CODES, DOMAIN_RULE_STATUS, DOMAIN_RULES, DomainRuleError } from '@casenet/contracts';
import fc from 'fast-check';
import { ProblemException } from './problem.exception.js';
import { ProblemFilter } from './problem.filter.js';
import { OverloadedException } from './overload.js';
import type { ShedReason } from './load-shedding.policy.js';

/** What the filter wrote: status, content type, parsed body. */
function answer(exception: unknown, path = '/reports', filter = new ProblemFilter()) {
  const sent: { type?: string; body?: string; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    statusCode: 200,
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      if (name === 'content-type') sent.type = value;
    },
    end(value: string) {
      sent.body = value;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', url: `${path}?school=secret` }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  return { status: response.statusCode, type: sent.type, headers: sent.headers, problem: JSON.parse(sent.body ?? 'null') as Record<string, unknown> };
}

const PROBLEM_KEYS = ['detail', 'errors', 'instance', 'status', 'title', 'type'];

function expectProblemShape(problem: Record<string, unknown>, status: number): void {
  expect(Object.keys(problem).every((k) => PROBLEM_KEYS.includes(k))).toBe(true);
  expect(problem.status).toBe(status);
  expect(typeof problem.type).toBe('string');
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
}

describe('one error shape for every HTTP failure', () => {
  it('writes Nest HttpExceptions as problem details, whatever their message shape', () => {
    const message = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 499 }), message, (status, text) => {
        const { status: written, type, problem } = answer(new HttpException({ statusCode: status, message: text, error: 'x' }, status));
        expect(written).toBe(status);
        expect(type).toBe('application/problem+json; charset=utf-8');
        expectProblemShape(problem, status);
        expect(problem.instance).toBe('/reports');
      }),
    );
    for (const exception of [
      new NotFoundException('Cannot GET /nowhere'),
      new ForbiddenException(),
      new ConflictException('closed'),
      new BadRequestException('Validation failed (uuid v 4 is expected)'),
    ]) {
      expectProblemShape(answer(exception).problem, exception.getStatus());
    }
  });

  it('keeps a problem the pipe or the JSON gate built, field errors included', () => {
    const problem = ProblemException.invalid([{ path: 'school.code', message: 'code must be a string' }]);
    expect(answer(problem).problem).toEqual({ ...problem.problem, instance: '/reports' });
  });

  it('maps body-parser errors: too large → 413, malformed → 400, charset → 415, bytes not UTF-8 → 400', () => {
    const parserError = (type: string, status: number) => Object.assign(new Error(type), { type, status, statusCode: status, expose: true });
    const cases: [unknown, number, string][] = [
      [new PayloadTooLargeException('request entity too large', { cause: parserError('entity.too.large', 413) }), 413, 'payload-too-large'],
      [new BadRequestException('Unexpected token', { cause: parserError('entity.parse.failed', 400) }), 400, 'malformed-body'],
      [parserError('charset.unsupported', 415), 415, 'unsupported-media-type'],
      [new HttpException('not UTF-8', 400, { cause: parserError('encoding.invalid', 400) }), 400, 'invalid-encoding'],
    ];
    for (const [exception, status, kind] of cases) {
      const { problem } = answer(exception);
      expectProblemShape(problem, status);
      expect(problem.type).toBe(`urn:casenet:problem:${kind}`);
    }
  });

  it('gives domain rule errors their own status (409 or 422) and the problem shape', () => {
    expect(DOMAIN_RULE_STATUS).toEqual({ conflict: 409, unprocessable: 422 });
    fc.assert(
      fc.property(fc.constantFrom(...DOMAIN_RULE_CODES), fc.string({ minLength: 1 }), (code, message) => {
        const { problem } = answer(new DomainRuleError(code, message));
        expectProblemShape(problem, DOMAIN_RULE_STATUS[DOMAIN_RULES[code]]);
        expect(problem).toMatchObject({ type: 'urn:casenet:problem:rule-violated', detail: message });
      }),
    );
  });

  it('keeps the status of a deliberate 5xx (the readiness probe) without its internal body', () => {
    const { status, problem } = answer(
      new ServiceUnavailableException({ status: 'error', error: { database: { status: 'down', message: 'ECONNREFUSED 10.0.0.7:5432' } } }),
    );
    expect(status).toBe(503);
    expectProblemShape(problem, 503);
    expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
  });

  it('answers anything unexpected with a 500 that names nothing internal', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 12 }), fc.constantFrom(Error, TypeError, RangeError), (secret, Kind) => {
        const { status, problem } = answer(Object.assign(new Kind(`bigint out of range ${secret}`), { stack: `at /srv/${secret}.js` }));
        expect(status).toBe(500);
        expectProblemShape(problem, 500);
        expect(JSON.stringify(problem)).not.toContain(secret);
        expect(JSON.stringify(problem)).not.toContain('bigint');
      }),
    );
  });

  it('answers a shed request 503 with its Retry-After, in the problem shape, and counts it', () => {
    const counted: ShedReason[] = [];
    const filter = new ProblemFilter({ retryAfterSeconds: 9, onOverload: (reason) => counted.push(reason) });
    for (const reason of ['in_flight_writes', 'pool_waiting'] as const) {
      const { status, headers, problem } = answer(new OverloadedException(reason, 3), '/reports', filter);
      expect(status).toBe(503);
      expect(headers['retry-after']).toBe('3'); // the shedder's own, not the filter's default
      expectProblemShape(problem, 503);
      expect(problem.type).toBe('urn:casenet:problem:overloaded');
    }
    expect(counted).toEqual(['in_flight_writes', 'pool_waiting']);
  });

  it('answers 503 with Retry-After, never 500, when the database had no connection in time', () => {
    const counted: ShedReason[] = [];
    const filter = new ProblemFilter({ retryAfterSeconds: 4, onOverload: (reason) => counted.push(reason) });
    const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
    // TypeORM's QueryFailedError: the driver's message, the driver's error beside it.
    const queryFailed = (driverError: Error) => Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    const exhausted = [
      pgError('timeout exceeded when trying to connect'),
      pgError('Connection terminated due to connection timeout'),
      pgError('sorry, too many clients already', '53300'),
      queryFailed(pgError('remaining connection slots are reserved for roles with the SUPERUSER attribute', '53300')),
      queryFailed(pgError('the database system is starting up', '57P03')),
      new Error('transaction failed', { cause: pgError('out of shared memory', '53000') }),
    ];
    for (const exception of exhausted) {
      const { status, headers, problem } = answer(exception, '/reports', filter);
      expect(status).toBe(503);
      expect(headers['retry-after']).toBe('4');
      expectProblemShape(problem, 503);
      expect(problem.type).toBe('urn:casenet:problem:overloaded');
      expect(JSON.stringify(problem)).not.toMatch(/SUPERUSER|shared memory|timeout exceeded/);
    }
    expect(counted).toEqual(exhausted.map(() => 'pool_exhausted'));
  });

  it('keeps other database failures 500, and the probe its own 503 without Retry-After', () => {
    const filter = new ProblemFilter({ retryAfterSeconds: 4 });
    const other = answer(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }), '/reports', filter);
    expect(other.status).toBe(500);
    expect(other.headers['retry-after']).toBeUndefined();
    const probe = answer(ProblemException.of('not-ready', 503, 'database: timeout exceeded when trying to connect'), '/health', filter);
    expect(probe.status).toBe(503);
    expect(probe.problem.type).toBe('urn:casenet:problem:not-ready');
    expect(probe.headers['retry-after']).toBeUndefined();
  });
});
