import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CLAIMS } from './principal.js';

/**
 * The local stand-in for the OIDC provider: an Ed25519 key pair generated once per checkout
 * (never committed), and tokens signed with it. Production verifies against a JWKS URL instead.
 */
export const DEV_ISSUER = 'urn:casenet:dev-issuer';
export const DEV_AUDIENCE = 'casenet';

export interface DevKeyFiles {
  privateKeyPath: string;
  publicKeyPath: string;
}

export async function ensureDevKeys(files: DevKeyFiles): Promise<void> {
  if (existsSync(files.privateKeyPath) && existsSync(files.publicKeyPath)) return;
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  mkdirSync(dirname(files.privateKeyPath), { recursive: true });
  writeFileSync(files.privateKeyPath, await exportPKCS8(privateKey), { mode: 0o600 });
  writeFileSync(files.publicKeyPath, await exportSPKI(publicKey));
}

export interface DevTokenClaims {
  agency: string;
  roles: string[];
  /** The schools a schools token acts for (codici meccanografici); omitted when empty. */
  schoolCodes?: string[];
  subject?: string;
  expiresIn?: string;
  issuer?: string;
  audience?: string;
  /** Claims as another issuer might write them (tests of what the verifier refuses). */
  extraClaims?: Record<string, unknown>;
}

export async function signDevToken(privateKeyPem: string, claims: DevTokenClaims): Promise<string> {
  const key = await importPKCS8(privateKeyPem, 'EdDSA');
  const schools = claims.schoolCodes?.length ? { [CLAIMS.schoolCodes]: claims.schoolCodes } : {};
  return new SignJWT({ [CLAIMS.agency]: claims.agency, [CLAIMS.roles]: claims.roles, ...schools, ...claims.extraClaims })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(claims.subject ?? `dev-${claims.agency}-${claims.roles.join('-')}${claims.schoolCodes?.length ? `@${claims.schoolCodes.join('+')}` : ''}`)
    .setIssuer(claims.issuer ?? DEV_ISSUER)
    .setAudience(claims.audience ?? DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(key);
}

export function readDevPrivateKey(files: DevKeyFiles): string {
  return readFileSync(files.privateKeyPath, 'utf8');
}
