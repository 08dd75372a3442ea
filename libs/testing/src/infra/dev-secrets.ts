import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEV_MASTER_KEY_FILE } from './paths.js';

/** Dev/test only; production gets its own random secret from the deployment's secret store. */
export const DEV_SUBJECT_KEY_SECRET = 'casenet-dev-subject-key-secret-not-for-production';

/** The local master key that wraps subject data keys: random, per checkout, never committed. */
export function devMasterKey(): string {
  if (!existsSync(DEV_MASTER_KEY_FILE)) {
    mkdirSync(dirname(DEV_MASTER_KEY_FILE), { recursive: true });
    writeFileSync(DEV_MASTER_KEY_FILE, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(DEV_MASTER_KEY_FILE, 'utf8').trim();
}
