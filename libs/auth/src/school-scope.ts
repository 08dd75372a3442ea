import { applyDecorators, ForbiddenException, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { CLAIMS, type Principal } from './principal.js';

export const SCHOOL_SCOPED = 'casenet:school-scoped';

/**
 * Routes that act for schools. Each school is its own data controller, so the token must name the
 * schools it acts for (`school_codes`), and the handler reads and writes only theirs
 * (`principal.schoolCodes`): another school's record answers 404, filing for another school 403.
 * A token naming no school is refused here, whatever its role. Published as `x-school-scoped`.
 */
export const ScopedToSchools = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(SCHOOL_SCOPED, true), ApiExtension('x-school-scoped', true));

/** The school codes a principal acts for; 403 when it names none. The guard's check, for code that scopes by hand. */
export function requireSchoolCodes(principal: Principal): readonly string[] {
  if (principal.schoolCodes.length === 0) {
    throw new ForbiddenException(
      `this route acts for a school: the token must name the schools it acts for in its ${CLAIMS.schoolCodes} claim, and it names none`,
    );
  }
  return principal.schoolCodes;
}
