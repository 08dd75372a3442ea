import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { DomainRuleError, type Problem, PROBLEM_CONTENT_TYPE, problemOf, type ProblemKind } from '@casenet/contracts';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { ProblemException } from './problem.exception.js';
import { isPoolExhaustion, OverloadedException } from './overload.js';
import type { ShedReason } from './load-shedding.policy.js';

export interface ProblemFilterOptions {
  /** What `Retry-After` says when a pool could not give a connection in time. */
  retryAfterSeconds?: number;
  /** Counts each overload answered (the shed counter of the metrics). */
  onOverload?: (reason: ShedReason) => void;
}

/** body-parser's error types (and our own from the JSON gate) → the problem they are. */
const PARSER_KINDS: Record<string, ProblemKind> = {
  'entity.parse.failed': 'malformed-body',
  'entity.too.large': 'payload-too-large',
  'charset.unsupported': 'unsupported-media-type',
  'encoding.unsupported': 'unsupported-media-type',
  'encoding.invalid': 'invalid-encoding',
  'request.size.invalid': 'malformed-body',
  'request.aborted': 'malformed-body',
};

/**
 * Every HTTP failure leaves as RFC 9457 problem details (`application/problem+json`): Nest's
 * HttpExceptions, the validation pipe, body-parser's errors, unknown routes, domain rule errors,
 * and anything unexpected (a 500 that names nothing internal; the error is logged instead).
 * Overload is a 503 with `Retry-After`, never a 500: shed requests, and any pool timeout or
 * "too many clients" that got past the shedder (the request did not run; a retry is safe).
 * Kafka handlers keep Nest's own RPC handling: the inbox records its failures itself.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly rpc = new BaseRpcExceptionFilter();

  constructor(private readonly options: ProblemFilterOptions = {}) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return this.rpc.catch(exception, host);
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage & { originalUrl?: string }>();
    const response = http.getResponse<ServerResponse>();
    const overload = this.overloadOf(exception);
    const problem = overload?.problem ?? this.problemFor(exception);
    // The path only: a query string may carry what the caller typed, and this is echoed and logged.
    const instance = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (overload) this.options.onOverload?.(overload.reason);
    // A shed request is counted, not logged: thousands of lines would only add to the load.
    if (overload?.reason === 'pool_exhausted') this.logger.warn({ msg: 'no database connection in time', method: request.method, path: instance });
    else if (problem.status >= 500 && !overload) this.logger.error({ msg: 'request failed', method: request.method, path: instance, err: exception });
    if (response.headersSent) return undefined;
    response.statusCode = problem.status;
    if (overload) response.setHeader('retry-after', String(overload.retryAfterSeconds));
    response.setHeader('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.end(JSON.stringify({ ...problem, instance }));
    return undefined;
  }

  /** The overload this failure is, if it is one: shed by the shedder, or no connection in time. */
  overloadOf(exception: unknown): OverloadedException | undefined {
    if (exception instanceof OverloadedException) return exception;
    // Other HTTP exceptions were thrown on purpose (the probe's 503 may quote a pool timeout).
    if (exception instanceof HttpException) return exception.cause instanceof OverloadedException ? exception.cause : undefined;
    if (isPoolExhaustion(exception)) return new OverloadedException('pool_exhausted', this.options.retryAfterSeconds ?? 1);
    return undefined;
  }

  problemFor(exception: unknown): Problem & { status: number } {
    if (exception instanceof ProblemException) return exception.problem;
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (cause instanceof ProblemException) return cause.problem;
    if (exception instanceof DomainRuleError) return { ...problemOf('rule-violated', exception.message), status: exception.status };
    const parserKind = parserKindOf(cause);
    if (exception instanceof HttpException || (parserKind && isClientHttpError(cause))) {
      const status = exception instanceof HttpException ? exception.getStatus() : (cause as { status: number }).status;
      const detail = detailOf(exception);
      if (parserKind) return { ...problemOf(parserKind, detail), status: parserKind === 'unsupported-media-type' ? 415 : status };
      if (status === 413) return { ...problemOf('payload-too-large', detail), status };
      if (status < 500) return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
      // A deliberate 5xx (the readiness probe's 503) keeps its status; its body may name internals.
      return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail: `${STATUS_CODES[status] ?? 'Error'}: see the service's log` };
    }
    return { ...problemOf('internal-error', 'The service could not answer this request; the failure is logged.'), status: 500 };
  }
}

function parserKindOf(error: unknown): ProblemKind | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && type in PARSER_KINDS) return PARSER_KINDS[type];
  return undefined;
}

function isClientHttpError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** What the exception says, one line: Nest's `message` may be a string or a list. */
function detailOf(exception: unknown): string {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (Array.isArray(message)) return message.map(String).join('; ');
    if (typeof message === 'string') return message;
  }
  return exception instanceof Error ? exception.message : 'The request was refused';
}
