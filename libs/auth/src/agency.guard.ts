import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, type JwtVerifier } from './jwt.verifier.js';
import type { Principal } from './principal.js';
import { ALLOWED_ROLES } from './allow.decorator.js';
import { requireSchoolCodes, SCHOOL_SCOPED } from './school-scope.js';

const PUBLIC_ROUTE = 'casenet:public-route';

/**
 * Marks a route that carries no case data and must answer without a token
 * (liveness/readiness probes, the API description). Everything else is closed by default.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Global guard: a valid bearer JWT whose agency claim is this service's agency, carrying one of
 * the roles the route allows (@Allow), naming the schools it acts for on @ScopedToSchools routes.
 * Routes that declare no roles are refused.
 */
@Injectable()
export class AgencyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: JwtVerifier,
    private readonly agency: string,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedException('a bearer token is required');
    let principal: Principal;
    try {
      principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }
    if (principal.agency !== this.agency) {
      throw new ForbiddenException(`this service belongs to ${this.agency}; the token is for ${principal.agency}`);
    }
    const allowed = this.reflector.getAllAndOverride<readonly string[] | undefined>(ALLOWED_ROLES, [context.getHandler(), context.getClass()]);
    if (!allowed) throw new ForbiddenException('this route declares no roles, so nobody may call it');
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`this action needs one of the roles ${allowed.join(', ')}; the token has ${principal.roles.join(', ') || 'none'}`);
    }
    if (this.reflector.getAllAndOverride<boolean>(SCHOOL_SCOPED, [context.getHandler(), context.getClass()])) requireSchoolCodes(principal);
    request.principal = principal;
    return true;
  }
}
