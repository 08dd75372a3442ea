import { describe, expect, it } from '@jest/globals';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, signDevToken } from './dev-issuer.js';
import { InvalidTokenError, JwtVerifier } from './jwt.verifier.js';

async function keys() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privatePem: await exportPKCS8(privateKey), publicPem: await exportSPKI(publicKey) };
}

describe('JWT verification', () => {
  it('returns the principal of a valid token', async () => {
    const { privatePem, publicPem } = await keys();
    const verifier = new JwtVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, publicKeyPem: publicPem });
    const token = await signDevToken(privatePem, { agency: 'police', roles: ['caseworker'], subject: 'agente-42' });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'agente-42', agency: 'police', roles: ['caseworker'], schoolCodes: [] });
  });

  it('rejects expired tokens, foreign keys, other issuers and other audiences', async () => {
    const mine = await keys();
    const theirs = await keys();
    const verifier = new JwtVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, publicKeyPem: mine.publicPem });
    const cases = [
      await signDevToken(mine.privatePem, { agency: 'police', roles: ['caseworker'], expiresIn: '-1m' }),
      await signDevToken(theirs.privatePem, { agency: 'police', roles: ['caseworker'] }),
      await signDevToken(mine.privatePem, { agency: 'police', roles: ['caseworker'], issuer: 'urn:someone-else' }),
      await signDevToken(mine.privatePem, { agency: 'police', roles: ['caseworker'], audience: 'other-app' }),
      'not.a.jwt',
    ];
    for (const token of cases) await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
