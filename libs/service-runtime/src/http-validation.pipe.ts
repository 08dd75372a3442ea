import { type ArgumentMetadata, BadRequestException, Injectable, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors } from '@casenet/contracts';

/**
 * Request bodies and queries are checked strictly: unknown fields are rejected, and the 400
 * names every failing field with its path, e.g. `pupil.taxCode: taxCode must be ...`.
 * Strings holding NUL are refused first: PostgreSQL text cannot store them, so they would
 * otherwise fail deep inside a transaction as a 500.
 */
export function httpValidationPipe(): ValidationPipe {
  return new NulRefusingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const messages = describeValidationErrors(errors);
      return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });
    },
  });
}

@Injectable()
class NulRefusingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const path = nulPath(value, metadata.data ?? metadata.type);
    if (path) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`${path}: must not contain NUL characters`] });
    return super.transform(value, metadata);
  }
}

/** The first path whose string (or key) holds U+0000, or undefined. */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // Raw bytes (the Kafka inbox keeps them binary) are the inbox's to judge, not text to scan.
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes('\u0000')) return `${path} (a field name)`;
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
