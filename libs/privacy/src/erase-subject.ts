import { isValidTaxCode } from '@casenet/contracts';
import pg from 'pg';
import { localSubjectKeyVault } from './crypto/index.js';
import { SUBJECT_KEY_PATTERN, subjectKey } from './subject-key.js';

/**
 * `npm run erase -- <tax code | subject key>`: crypto-shreds one child. Destroys every version
 * of the child's data key in the vault, which makes the child's personal data unreadable in
 * every agency's database and in every event ever published, while references, status codes
 * and other children's data keep working. It then rotates the key-encryption key: every other
 * child's data key is re-wrapped and the old KEK destroyed, so the copies of the erased key that
 * PostgreSQL keeps on disk (dead tuples, WAL) cannot be unwrapped. Logs one JSON line of what it did.
 * Needs KEY_VAULT_URL, MASTER_KEY and KEK_DIR, and SUBJECT_KEY_SECRET when given a tax code.
 */
const [target] = process.argv.slice(2);
const { KEY_VAULT_URL, SUBJECT_KEY_SECRET, MASTER_KEY, KEK_DIR } = process.env;
if (!target || !KEY_VAULT_URL || !MASTER_KEY || !KEK_DIR) {
  process.stderr.write('usage: KEY_VAULT_URL=... MASTER_KEY=... KEK_DIR=... [SUBJECT_KEY_SECRET=...] npm run erase -- <tax code | subject key>\n');
  process.exit(2);
}
let subject: string;
if (SUBJECT_KEY_PATTERN.test(target)) subject = target;
else if (isValidTaxCode(target) && SUBJECT_KEY_SECRET) subject = subjectKey(SUBJECT_KEY_SECRET, target);
else {
  process.stderr.write('the argument is neither a subject key nor a valid tax code (with SUBJECT_KEY_SECRET set)\n');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: KEY_VAULT_URL, max: 1 });
try {
  // Rotating the KEK re-wraps every live data key, so this needs the key material.
  const started = performance.now();
  const destroyed = await localSubjectKeyVault(pool, MASTER_KEY, KEK_DIR).erase(subject);
  const ms = Math.round(performance.now() - started);
  // A log line of the command: the operator's wall clock (the vault stamps the erasure itself).
  process.stdout.write(
    `${JSON.stringify({ msg: 'subject erased', subject, keyVersionsDestroyed: destroyed, keyEncryptionKeyRotated: destroyed > 0, ms, at: new Date().toISOString() })}\n`,
  );
} finally {
  await pool.end();
}
