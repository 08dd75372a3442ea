import { DEAD_LETTER_HEADERS, DomainRuleError, EventValidationError, type Problem, problemOf } from '@casenet/contracts';
import { isInfrastructureError, RejectedEventError } from './inbox.errors.js';

/** What the inbox does when applying a valid event threw. */
export type FailureDecision =
  /** Not the message's fault (database or network away): leave it uncommitted, Kafka redelivers it. */
  { action: 'redeliver' } | { action: 'retry'; delayMs: number } | { action: 'dead-letter'; problem: Problem };

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
}

/**
 * The one place where a handler's failure becomes an outcome. An event that can never apply —
 * a rejection, a domain rule it breaks, an outgoing event it would make invalid — is parked at
 * once, so no handler translates errors by hand; anything else is retried with exponential
 * backoff until the attempts run out.
 */
export function decideOnFailure(error: unknown, attempt: number, policy: RetryPolicy): FailureDecision {
  if (isInfrastructureError(error)) return { action: 'redeliver' };
  const reason = error instanceof Error ? error.message : String(error);
  if (neverApplies(error)) return { action: 'dead-letter', problem: problemOf('rejected-event', reason) };
  if (attempt >= policy.maxAttempts) return { action: 'dead-letter', problem: problemOf('failed-event', reason) };
  return { action: 'retry', delayMs: policy.retryBaseMs * 2 ** (attempt - 1) };
}

function neverApplies(error: unknown): boolean {
  return error instanceof RejectedEventError || error instanceof DomainRuleError || error instanceof EventValidationError;
}

/** Where the parked message came from. */
export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The headers of a dead-lettered message: the problem's detail as the one-line reason, the whole
 * problem as JSON (cut down past 8 KB: headers stay small, the table keeps the whole of it), where
 * it came from and how often it was tried.
 */
export function deadLetterHeaders(problem: Problem, source: DeadLetterSource, attempts: number, failedAt: Date): Record<string, string> {
  const reason = problem.detail ?? problem.title;
  const problemJson = JSON.stringify(problem);
  return {
    [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 2000),
    [DEAD_LETTER_HEADERS.problem]:
      problemJson.length <= 8000 ? problemJson : JSON.stringify({ ...problem, detail: reason.slice(0, 2000), errors: problem.errors?.slice(0, 20) }),
    [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
    [DEAD_LETTER_HEADERS.attempts]: String(attempts),
    [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
  };
}

/** Text PostgreSQL can store (as text and inside jsonb): NUL and lone surrogates replaced. */
export function storable(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Poison may carry NUL or broken UTF-8 in what a problem quotes from it; PostgreSQL text refuses NUL. */
export function storableProblem(problem: Problem): Problem {
  return {
    ...problem,
    title: storable(problem.title),
    ...(problem.detail === undefined ? {} : { detail: storable(problem.detail) }),
    ...(problem.errors ? { errors: problem.errors.map((e) => ({ path: storable(e.path), message: storable(e.message) })) } : {}),
  };
}
