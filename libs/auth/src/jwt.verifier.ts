import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify, importSPKI, type CryptoKey } from 'jose';
import { SCHOOL_CODE_PATTERN } from '@casenet/contracts';
import { CLAIMS, MAX_SCHOOL_CODES, type Principal } from './principal.js';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  /** PEM (SPKI) of the signing key: the local dev issuer. */
  publicKeyPem?: string;
  /** JWKS endpoint of the production OIDC provider. Wins over publicKeyPem. */
  jwksUrl?: string;
  algorithms?: string[];
}

export class InvalidTokenError extends Error {}

/** Verifies bearer tokens (signature, issuer, audience, expiry) and reads our claims. */
export class JwtVerifier {
  private key?: Promise<CryptoKey | JWTVerifyGetKey>;

  constructor(private readonly options: JwtVerifierOptions) {
    if (!options.jwksUrl && !options.publicKeyPem) throw new Error('JwtVerifier needs jwksUrl or publicKeyPem');
  }

  async verify(token: string): Promise<Principal> {
    const key = await (this.key ??= this.loadKey());
    let payload: Record<string, unknown>;
    try {
      // Two calls because jwtVerify's overloads take either a key or a key resolver, not a union.
      const verified = typeof key === 'function' ? await jwtVerify(token, key, this.verifyOptions()) : await jwtVerify(token, key, this.verifyOptions());
      payload = verified.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    const agency = payload[CLAIMS.agency];
    const roles = payload[CLAIMS.roles];
    if (typeof payload.sub !== 'string' || typeof agency !== 'string') {
      throw new InvalidTokenError('token lacks sub or agency claim');
    }
    if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) {
      throw new InvalidTokenError('token lacks a roles claim');
    }
    return { subject: payload.sub, agency, roles, schoolCodes: schoolCodesIn(payload[CLAIMS.schoolCodes]) };
  }

  private verifyOptions() {
    return {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: this.options.algorithms ?? ['EdDSA', 'ES256', 'RS256'],
    };
  }

  private async loadKey(): Promise<CryptoKey | JWTVerifyGetKey> {
    if (this.options.jwksUrl) return createRemoteJWKSet(new URL(this.options.jwksUrl));
    return importSPKI(this.options.publicKeyPem as string, 'EdDSA');
  }
}

/** The school codes a token names: absent means none; anything but a short list of well-formed codes is a bad token. */
function schoolCodesIn(claim: unknown): string[] {
  if (claim === undefined) return [];
  if (
    !Array.isArray(claim) ||
    claim.length > MAX_SCHOOL_CODES ||
    !claim.every((code): code is string => typeof code === 'string' && SCHOOL_CODE_PATTERN.test(code))
  ) {
    throw new InvalidTokenError(`the ${CLAIMS.schoolCodes} claim must be a list of at most ${MAX_SCHOOL_CODES} school codes (codici meccanografici)`);
  }
  return [...new Set(claim)];
}
