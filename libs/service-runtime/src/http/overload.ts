import { problemOf } from '@casenet/contracts';
import { ProblemException } from './problem.exception.js';
import type { ShedReason } from './load-shedding.policy.js';

/** A 503 the caller should retry after `retryAfterSeconds` (the problem filter writes `Retry-After`). */
export class OverloadedException extends ProblemException {
  constructor(
    readonly reason: ShedReason,
    readonly retryAfterSeconds: number,
  ) {
    super({ ...problemOf('overloaded', `The service is at capacity; retry after ${retryAfterSeconds} s. Nothing of this request was kept.`), status: 503 });
  }
}

/**
 * PostgreSQL's "no connection for you now": too many clients (53300), out of resources (53000),
 * starting up or shutting down (57P03).
 */
const EXHAUSTION_CODES = new Set(['53300', '53000', '57P03']);
/** pg-pool's acquire timeout, and pg's connect timeout. */
const EXHAUSTION_MESSAGES = /timeout exceeded when trying to connect|connection terminated due to connection timeout|too many clients/i;

/**
 * Whether an error means the database had no connection to give in time: the request never ran
 * and may be retried, so it is a 503, not a 500. Looks through TypeORM's `driverError` and `cause`.
 */
export function isPoolExhaustion(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const { code, message, driverError, cause } = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && EXHAUSTION_CODES.has(code)) return true;
    if (typeof message === 'string' && EXHAUSTION_MESSAGES.test(message)) return true;
    current = driverError ?? cause;
  }
  return false;
}
