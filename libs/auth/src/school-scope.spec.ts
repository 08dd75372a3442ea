import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import fc from 'fast-check';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { AgencyGuard, type AuthenticatedRequest } from './agency.guard.js';
import { Allow } from './allow.decorator.js';
import { DEV_AUDIENCE, DEV_ISSUER, signDevToken } from './dev-issuer.js';
import { InvalidTokenError, JwtVerifier } from './jwt.verifier.js';
import { ROLES } from './principal.js';
import { ScopedToSchools } from './school-scope.js';

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
const privatePem = await exportPKCS8(privateKey);
const verifier = new JwtVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, publicKeyPem: await exportSPKI(publicKey) });

const code = fc.tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^[A-Z0-9]{8}$/)).map(([province, rest]) => `${province}${rest}`);

@ScopedToSchools()
class ReportsLike {
  @Allow('caseworker', 'supervisor', 'auditor', 'integration')
  read(): void {}
}

class Unscoped {
  @Allow('caseworker', 'supervisor', 'auditor', 'integration', 'ust')
  read(): void {}
}

function contextFor(target: object, token: string): { context: ExecutionContext; request: AuthenticatedRequest } {
  const request: AuthenticatedRequest = { headers: { authorization: `Bearer ${token}` } };
  const context = {
    getType: () => 'http',
    getHandler: () => (target as { prototype: { read: () => void } }).prototype.read,
    getClass: () => target,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

const guard = new AgencyGuard(new Reflector(), verifier, 'schools');

describe('school codes in the token', () => {
  it('reads any list of well-formed codes into the principal, once each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(code, { minLength: 1, maxLength: 8 }), async (codes) => {
        const token = await signDevToken(privatePem, { agency: 'schools', roles: ['caseworker'], schoolCodes: codes });
        expect((await verifier.verify(token)).schoolCodes).toEqual([...new Set(codes)]);
      }),
      { numRuns: 50 },
    );
  });

  it('has none when the claim is absent', async () => {
    const token = await signDevToken(privatePem, { agency: 'police', roles: ['caseworker'] });
    expect((await verifier.verify(token)).schoolCodes).toEqual([]);
  });

  it('refuses a token whose claim is anything but a short list of codes', async () => {
    const notACode = fc.oneof(
      fc.string().filter((s) => !/^[A-Z]{2}[A-Z0-9]{8}$/.test(s)),
      fc.integer(),
      fc.constant(null),
      fc.object(),
    );
    const badClaim = fc.oneof(
      fc.tuple(fc.array(code, { maxLength: 3 }), notACode, fc.array(code, { maxLength: 3 })).map(([a, bad, b]) => [...a, bad, ...b] as unknown),
      code.map((c) => c as unknown), // a bare string, not a list
      fc.array(code, { minLength: 51, maxLength: 60 }),
      fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(badClaim, async (claim) => {
        const token = await signDevToken(privatePem, { agency: 'schools', roles: ['caseworker'], extraClaims: { school_codes: claim } });
        await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
      }),
      { numRuns: 60 },
    );
  });
});

describe('@ScopedToSchools', () => {
  it('refuses every role whose token names no school, with a 403 that says why', async () => {
    // Every role the route allows (the school office's and the court's prosecutor's it does not).
    for (const role of ROLES.filter((r) => r !== 'ust' && r !== 'prosecutor')) {
      const token = await signDevToken(privatePem, { agency: 'schools', roles: [role] });
      const attempt = guard.canActivate(contextFor(ReportsLike, token).context);
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenException);
      await expect(attempt).rejects.toThrow(/school_codes/);
    }
  });

  it('lets an allowed role through once its token names a school, and hands the codes to the handler', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('caseworker', 'supervisor', 'auditor', 'integration'),
        fc.array(code, { minLength: 1, maxLength: 4 }),
        async (role, codes) => {
          const token = await signDevToken(privatePem, { agency: 'schools', roles: [role], schoolCodes: codes });
          const { context, request } = contextFor(ReportsLike, token);
          await expect(guard.canActivate(context)).resolves.toBe(true);
          expect(request.principal?.schoolCodes).toEqual([...new Set(codes)]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses the school office on it by role, whatever the codes', async () => {
    const token = await signDevToken(privatePem, { agency: 'schools', roles: ['ust'], schoolCodes: ['MIEE123456'] });
    await expect(guard.canActivate(contextFor(ReportsLike, token).context)).rejects.toThrow(/roles/);
  });

  it('leaves routes without it to @Allow alone', async () => {
    const token = await signDevToken(privatePem, { agency: 'schools', roles: ['ust'] });
    await expect(guard.canActivate(contextFor(Unscoped, token).context)).resolves.toBe(true);
  });
});
