import { isValidTaxCode } from '@casenet/contracts';
import pg from 'pg';
import { LocalMasterKeyProvider, PostgresSubjectKeyVault } from './crypto/index.js';
import { SUBJECT_KEY_PATTERN, subjectKey } from './subject-key.js';

/**
 * `npm run erase -- <tax code | subject key>`: crypto-shreds one child. Destroys every version
 * of the child's data key in the vault, which makes the child's personal data unreadable in
 * every agency's database and in every event ever published, while references, status codes
 * and other children's data keep working. Logs one JSON line of what it did.
 * Needs KEY_VAULT_URL, and SUBJECT_KEY_SECRET when given a tax code.
 */
const [target] = process.argv.slice(2);
const { KEY_VAULT_URL, SUBJECT_KEY_SECRET } = process.env;
if (!target || !KEY_VAULT_URL) {
  process.stderr.write('usage: KEY_VAULT_URL=... [SUBJECT_KEY_SECRET=...] npm run erase -- <tax code | subject key>\n');
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
  // Destroying needs no key material: the master key is never loaded here.
  const vault = new PostgresSubjectKeyVault(pool, new LocalMasterKeyProvider(Buffer.alloc(32), 'erase-only'));
  const destroyed = await vault.erase(subject);
  process.stdout.write(`${JSON.stringify({ msg: 'subject erased', subject, keyVersionsDestroyed: destroyed, at: new Date().toISOString() })}\n`);
} finally {
  await pool.end();
}
