import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './principal.js';

export const ALLOWED_ROLES = 'casenet:allowed-roles';

/** Read case data: caseworkers, their supervisors, and auditors (who never write). */
export const READERS: readonly Role[] = ['caseworker', 'supervisor', 'auditor'];
/** Act on a case: caseworkers and supervisors. */
export const ACTORS: readonly Role[] = ['caseworker', 'supervisor'];
/** The prosecutor's desk in the court service: the prosecutor acts and reads, auditors read. */
export const PROSECUTOR_READERS: readonly Role[] = ['prosecutor', 'auditor'];
export const PROSECUTOR_ACTORS: readonly Role[] = ['prosecutor'];

/**
 * The roles that may call a route, published in the OpenAPI document as `x-allowed-roles`.
 * A route without it (and not @Public) is refused to everyone: access is closed by default.
 */
export const Allow = (...roles: readonly Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, roles),
    ApiExtension('x-allowed-roles', roles),
    ApiUnauthorizedResponse({ description: 'No token, or an invalid or expired one' }),
    ApiForbiddenResponse({ description: `Token of another agency, or none of the roles: ${roles.join(', ')}` }),
  );
