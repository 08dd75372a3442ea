import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '@casenet/auth';
import { Clock } from '@casenet/service-runtime';
import { mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';

const ACCESS_PURPOSE = 'casenet:access-purpose';

/**
 * Marks a route that returns case data: every case in its answer is recorded in the access log
 * (who, when, which case, for which purpose) before the answer leaves. If the record cannot be
 * written, the caller gets an error, not unlogged data.
 */
export const ReadsCaseData = (purpose: string): MethodDecorator => applyDecorators(SetMetadata(ACCESS_PURPOSE, purpose), UseInterceptors(AccessLogInterceptor));

interface RoutedRequest extends AuthenticatedRequest {
  method: string;
  params?: Record<string, string>;
  route?: { path?: string };
}

@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const purpose = this.reflector.get<string | undefined>(ACCESS_PURPOSE, context.getHandler()) ?? 'unspecified';
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const principal = request.principal;
        const caserefs = caserefsIn(body);
        if (principal && caserefs.length > 0) {
          await this.dataSource.query(
            `INSERT INTO access_log (subject, agency, roles, caseref, purpose, route, at)
             SELECT $1, $2, $3, caseref, $5, $6, $7 FROM unnest($4::text[]) AS caseref`,
            [principal.subject, principal.agency, principal.roles, caserefs, purpose, `${request.method} ${request.route?.path ?? ''}`, this.clock.now()],
          );
        }
        return body;
      }),
    );
  }
}

/** The cases an answer discloses: its own `caseref`, or those of its `items` (a `Page`). */
export function caserefsIn(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const found = new Set<string>();
  const own = (body as { caseref?: unknown }).caseref;
  if (typeof own === 'string') found.add(own);
  const items = (body as { items?: unknown }).items;
  if (Array.isArray(items)) {
    for (const item of items as unknown[]) {
      const ref = item && typeof item === 'object' ? (item as { caseref?: unknown }).caseref : undefined;
      if (typeof ref === 'string') found.add(ref);
    }
  }
  return [...found];
}
