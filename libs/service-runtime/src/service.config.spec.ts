import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadServiceConfig } from './service.config.js';

const dir = mkdtempSync(join(tmpdir(), 'casenet-config-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
writeFileSync(join(dir, 'schools.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(
  join(dir, 'trust.json'),
  JSON.stringify({ keys: [{ keyId: 'schools-2026-1', owner: 'schools', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) }] }),
);

const valid = {
  DATABASE_URL: 'postgres://schools:secret@db.internal:5432/casenet_schools',
  KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
  JWT_JWKS_URL: 'https://idp.comune.milano.it/.well-known/jwks.json',
  SIGNING_KEY_FILE: join(dir, 'schools.pem'),
  SIGNING_KEY_ID: 'schools-2026-1',
  TRUST_LIST_FILE: join(dir, 'trust.json'),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadServiceConfig('schools', 3101, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('service configuration', () => {
  it('reads a valid environment with defaults', () => {
    const config = loadServiceConfig('schools', 3101, valid);
    expect(config.port).toBe(3101);
    expect(config.messaging.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.messaging.groupId).toBe('casenet-schools-inbox');
    expect(config.auth.jwksUrl).toBe(valid.JWT_JWKS_URL);
  });

  it('reports every missing setting at once, by name', () => {
    const problems = problemsOf({});
    expect(problems).toEqual([
      'DATABASE_URL must be a postgres:// URL of this service’s own database',
      'KAFKA_BROKERS must be a comma-separated list of host:port',
      'SIGNING_KEY_FILE must name this agency’s Ed25519 private key (PEM)',
      'SIGNING_KEY_ID must name the key as the trust list does, e.g. schools-2026-1',
      'TRUST_LIST_FILE must name the JSON trust list of public keys',
      'JWT_JWKS_URL (production OIDC provider) or JWT_PUBLIC_KEY_FILE (dev issuer) is required',
    ]);
  });

  it('explains each wrong value', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x@y/z',
      KAFKA_BROKERS: 'kafka-1',
      LOG_LEVEL: 'loud',
      KAFKA_TOPIC_PREFIX: 'Staging',
      KAFKA_SESSION_TIMEOUT_MS: '3000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '3000',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT must be an integer/),
        expect.stringMatching(/^DATABASE_URL must be a postgres:\/\//),
        expect.stringMatching(/^KAFKA_BROKERS must be/),
        expect.stringMatching(/^LOG_LEVEL must be one of/),
        expect.stringMatching(/^KAFKA_TOPIC_PREFIX must be lower-case/),
        'KAFKA_HEARTBEAT_INTERVAL_MS must be smaller than KAFKA_SESSION_TIMEOUT_MS',
      ]),
    );
  });

  it('refuses a signing key the trust list does not know for this agency', () => {
    expect(problemsOf({ ...valid, SIGNING_KEY_ID: 'police-2026-1' })).toEqual(['SIGNING_KEY_ID police-2026-1 is not in the trust list as a key of schools']);
    expect(problemsOf({ ...valid, SIGNING_KEY_FILE: join(dir, 'trust.json') })[0]).toMatch(/^SIGNING_KEY_FILE cannot be read as an Ed25519 private key/);
  });

  it('refuses a dev public key file that does not exist', () => {
    expect(problemsOf({ ...valid, JWT_JWKS_URL: undefined, JWT_PUBLIC_KEY_FILE: '/nowhere/key.pub' })).toEqual([
      'JWT_PUBLIC_KEY_FILE points to a missing file: /nowhere/key.pub',
    ]);
  });

  it('offers the dev login only beside the dev issuer, and never in production', () => {
    const devKey = join(dir, 'jwt-dev.key');
    writeFileSync(devKey, 'dev issuer private key');
    writeFileSync(join(dir, 'jwt-dev.pub'), 'dev issuer public key');
    const devIssuer = { ...valid, JWT_JWKS_URL: undefined, JWT_PUBLIC_KEY_FILE: join(dir, 'jwt-dev.pub') };
    expect(loadServiceConfig('schools', 3101, { ...devIssuer, DEV_LOGIN_PRIVATE_KEY_FILE: devKey }).ui.devLogin).toEqual({ privateKeyFile: devKey });
    expect(loadServiceConfig('schools', 3101, devIssuer).ui.devLogin).toBeUndefined();
    expect(problemsOf({ ...devIssuer, DEV_LOGIN_PRIVATE_KEY_FILE: devKey, NODE_ENV: 'production' })).toEqual([
      'DEV_LOGIN_PRIVATE_KEY_FILE mints tokens for anyone; it is refused when NODE_ENV=production',
    ]);
    expect(problemsOf({ ...valid, DEV_LOGIN_PRIVATE_KEY_FILE: devKey })).toEqual([
      'DEV_LOGIN_PRIVATE_KEY_FILE is for the dev issuer only; it is refused beside JWT_JWKS_URL (a real OIDC provider)',
    ]);
  });

  it('signs the UI in with an OIDC provider only when both its address and client id are given', () => {
    const oidc = { OIDC_AUTHORITY: 'https://idp.comune.milano.it/realms/casenet', OIDC_CLIENT_ID: 'casenet-schools-ui' };
    expect(loadServiceConfig('schools', 3101, { ...valid, ...oidc }).ui.oidc).toEqual({ authority: oidc.OIDC_AUTHORITY, clientId: oidc.OIDC_CLIENT_ID });
    expect(problemsOf({ ...valid, OIDC_AUTHORITY: oidc.OIDC_AUTHORITY })).toEqual(['OIDC_AUTHORITY and OIDC_CLIENT_ID go together: the UI signs in with both']);
    expect(problemsOf({ ...valid, UI_DIR: '/nowhere/dist' })).toEqual(['UI_DIR has no index.html (build the UIs first): /nowhere/dist']);
  });

  it('refuses missing or shared pseudonymisation secrets (ADR 0019)', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadServiceConfig('schools', 3101, env, { subjectKeys: true, recipientPseudonyms: ['police', 'health', 'court'] });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    const secrets = {
      SUBJECT_KEY_SECRET: 'coordinator-secret-of-at-least-32-chars',
      POLICE_SUBJECT_KEY_SECRET: 'police-secret-of-at-least-32-characters',
      HEALTH_SUBJECT_KEY_SECRET: 'health-secret-of-at-least-32-characters',
      COURT_SUBJECT_KEY_SECRET: 'court-secret-of-at-least-32-characters!',
    };
    expect(problems({ ...valid, ...secrets })).toEqual([]);
    const { HEALTH_SUBJECT_KEY_SECRET: _health, ...withoutHealth } = secrets;
    expect(problems({ ...valid, ...withoutHealth })).toEqual([expect.stringMatching(/^HEALTH_SUBJECT_KEY_SECRET is required/)]);
    expect(problems({ ...valid, ...secrets, COURT_SUBJECT_KEY_SECRET: secrets.POLICE_SUBJECT_KEY_SECRET })).toEqual([expect.stringMatching(/must all differ/)]);
    const police = loadServiceConfig('schools', 3101, { ...valid, ...secrets }, { recipientPseudonyms: ['police'] });
    expect(police.pseudonymSecrets).toEqual({ police: secrets.POLICE_SUBJECT_KEY_SECRET });
  });
});
