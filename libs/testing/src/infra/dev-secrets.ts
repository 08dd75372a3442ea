import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AGENCIES } from '@casenet/contracts';
import { DEV_MASTER_KEY_FILE, DEV_SIGNING_DIR, DEV_TRUST_LIST } from './paths.js';

/** Dev/test only; production gets its own random secret from the deployment's secret store. */
export const DEV_SUBJECT_KEY_SECRET = 'casenet-dev-subject-key-secret-not-for-production';

/** Dev/test only: each recipient's own pseudonymisation secret (ADR 0019), as the environment names them. */
export const DEV_PSEUDONYM_SECRET_ENV = {
  POLICE_SUBJECT_KEY_SECRET: 'casenet-dev-police-subject-key-secret-not-for-production',
  HEALTH_SUBJECT_KEY_SECRET: 'casenet-dev-health-subject-key-secret-not-for-production',
  COURT_SUBJECT_KEY_SECRET: 'casenet-dev-court-subject-key-secret-not-for-production',
} as const;

/** The same secrets by pseudonym space, to derive what each agency sees in tests. */
export const DEV_PSEUDONYM_SECRETS = {
  coordinator: DEV_SUBJECT_KEY_SECRET,
  police: DEV_PSEUDONYM_SECRET_ENV.POLICE_SUBJECT_KEY_SECRET,
  health: DEV_PSEUDONYM_SECRET_ENV.HEALTH_SUBJECT_KEY_SECRET,
  court: DEV_PSEUDONYM_SECRET_ENV.COURT_SUBJECT_KEY_SECRET,
} as const;

/** The local master key that wraps subject data keys: random, per checkout, never committed. */
export function devMasterKey(): string {
  if (!existsSync(DEV_MASTER_KEY_FILE)) {
    mkdirSync(dirname(DEV_MASTER_KEY_FILE), { recursive: true });
    writeFileSync(DEV_MASTER_KEY_FILE, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(DEV_MASTER_KEY_FILE, 'utf8').trim();
}

/** Producers that sign: the five agencies, and the audit app for its checkpoints. */
export const SIGNERS = [...AGENCIES, 'audit'] as const;

export function devSigningKeyId(signer: string): string {
  return `${signer}-dev-1`;
}

export function devSigningKeyFile(signer: string): string {
  return `${DEV_SIGNING_DIR}/${signer}.pem`;
}

/**
 * One Ed25519 key pair per signer, per checkout, never committed; and the trust list of their
 * public keys that every verifier reads. Production keys come from each agency's key store.
 */
export function ensureDevSigningKeys(): { trustListFile: string } {
  if (!existsSync(DEV_TRUST_LIST)) {
    mkdirSync(DEV_SIGNING_DIR, { recursive: true });
    const keys = SIGNERS.map((signer) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      // Dev keys only: readable by docker-compose's container user, which bind mounts them as secrets.
      writeFileSync(devSigningKeyFile(signer), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o644 });
      return { keyId: devSigningKeyId(signer), owner: signer, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) };
    });
    writeFileSync(DEV_TRUST_LIST, `${JSON.stringify({ keys }, null, 2)}\n`);
  }
  return { trustListFile: DEV_TRUST_LIST };
}
