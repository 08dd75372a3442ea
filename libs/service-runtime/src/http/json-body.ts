import type { NestExpressApplication } from '@nestjs/platform-express';
import { inputProblem } from '@casenet/contracts';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from './problem.exception.js';

/** No request to these services comes near it: a report is a few kilobytes. */
export const MAX_BODY_BYTES = 100 * 1024;

type Next = (error?: unknown) => void;

/**
 * The only request bodies the services read are JSON, in UTF-8 (RFC 8259), at most
 * MAX_BODY_BYTES and MAX_INPUT_DEPTH deep. Anything else is refused before a controller runs:
 * another media type, or a body without one, with 415; a charset other than UTF-8 with 415;
 * bytes that are not UTF-8 with 400 (never stored as U+FFFD); too large with 413; too deep with 400.
 * Install on an app created with `bodyParser: false`, so no form or text parser is left behind.
 */
export function useJsonBodies(app: NestExpressApplication): void {
  app.use(requireJson);
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, type: isJsonRequest, verify: refuseInvalidUtf8 });
  app.use(refuseDeepBodies);
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json` or a `+json` type (`application/merge-patch+json`), parameters aside. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType);
}

function isJsonRequest(request: IncomingMessage): boolean {
  return isJsonMediaType(request.headers['content-type']);
}

export function requireJson(request: IncomingMessage, _response: ServerResponse, next: Next): void {
  if (!hasBody(request)) return next();
  const contentType = request.headers['content-type'];
  if (!isJsonMediaType(contentType)) {
    const sent = contentType?.split(';')[0]?.trim() || 'a body without a content type';
    return next(ProblemException.of('unsupported-media-type', 415, `a request body must be application/json, not ${sent}`));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(ProblemException.of('unsupported-media-type', 415, `a JSON body must be UTF-8, not ${charset || 'an empty charset'}`));
  }
  next();
}

function refuseInvalidUtf8(_request: IncomingMessage, _response: ServerResponse, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('the body holds bytes that are not UTF-8'), { status: 400, type: 'encoding.invalid' });
}

function refuseDeepBodies(request: IncomingMessage & { body?: unknown }, _response: ServerResponse, next: Next): void {
  const problem = inputProblem(request.body);
  next(problem ? ProblemException.invalid([problem]) : undefined);
}
