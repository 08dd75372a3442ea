import { isValidTaxCode } from '@casenet/contracts';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_KEY_CACHE_MAX_AGE_MS, keyCacheDropBoundMs, localSubjectKeyVault } from './crypto/index.js';
import {
  childPseudonyms,
  PSEUDONYM_PATTERN,
  PSEUDONYMOUS_RECIPIENTS,
  type PseudonymSecrets,
  pseudonymSecretVariable,
  pseudonymSpace,
} from './recipient-pseudonym.js';

/**
 * `npm run erase -- <tax code | pseudonym>`: crypto-shreds one child. Given the tax code, derives
 * the child's pseudonym in every space (the coordinator's `sk1_`, and each agency's `sk2_<agency>_`,
 * ADR 0019) and destroys every version of each one's data key in one erasure, which makes the
 * child's personal data unreadable in every agency's database and in every event ever published,
 * while references, status codes and other children's data keep working. It then rotates the
 * key-encryption key: every other child's data key is re-wrapped and the old KEK destroyed, so the
 * copies of the erased keys that PostgreSQL keeps on disk (dead tuples, WAL) cannot be unwrapped.
 * Logs one JSON line of what it did. Needs KEY_VAULT_URL, MASTER_KEY and KEK_DIR, and with a tax
 * code every pseudonymisation secret (SUBJECT_KEY_SECRET, POLICE_/HEALTH_/COURT_SUBJECT_KEY_SECRET):
 * the DPO erases at the coordinator, which alone can relate the pseudonyms. Given one pseudonym it
 * erases only that one (`everywhere: false`): no other space can be derived from it.
 *
 * Services cache unwrapped keys (ADR 0029): they drop the child's at the erasure's notification,
 * and keep none longer than KEY_CACHE_MAX_AGE_MS (set it as the services have it). The command
 * returns only once that bound has passed since the erasure committed, so when its line is
 * printed no service can open the child's data any more, even one that missed the notification.
 */
const [target] = process.argv.slice(2);
const { KEY_VAULT_URL, MASTER_KEY, KEK_DIR, KEY_CACHE_MAX_AGE_MS } = process.env;
const cacheMaxAgeMs = KEY_CACHE_MAX_AGE_MS ? Number(KEY_CACHE_MAX_AGE_MS) : DEFAULT_KEY_CACHE_MAX_AGE_MS;
if (!Number.isInteger(cacheMaxAgeMs) || cacheMaxAgeMs < 0) {
  process.stderr.write("KEY_CACHE_MAX_AGE_MS must be the services' key cache max age in milliseconds (0: no cache)\n");
  process.exit(2);
}
const SPACES = ['coordinator', ...PSEUDONYMOUS_RECIPIENTS] as const;
if (!target || !KEY_VAULT_URL || !MASTER_KEY || !KEK_DIR) {
  process.stderr.write(
    `usage: KEY_VAULT_URL=... MASTER_KEY=... KEK_DIR=... [${SPACES.map(pseudonymSecretVariable).join('=... ')}=...] npm run erase -- <tax code | pseudonym>\n`,
  );
  process.exit(2);
}
let pseudonyms: Partial<Record<string, string>>;
if (PSEUDONYM_PATTERN.test(target)) {
  pseudonyms = { [pseudonymSpace(target) as string]: target };
  process.stderr.write('erasing this one pseudonym only: give the tax code to erase the child in every agency\n');
} else if (isValidTaxCode(target)) {
  const secrets: PseudonymSecrets = Object.fromEntries(SPACES.map((space) => [space, process.env[pseudonymSecretVariable(space)]]));
  const missing = SPACES.filter((space) => !secrets[space]).map(pseudonymSecretVariable);
  if (missing.length > 0) {
    process.stderr.write(`${missing.join(', ')} must be set: erasing a child means erasing its pseudonym in every agency\n`);
    process.exit(2);
  }
  pseudonyms = childPseudonyms(secrets, target);
} else {
  process.stderr.write('the argument is neither a pseudonym (sk1_…, sk2_<agency>_…) nor a valid tax code\n');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: KEY_VAULT_URL, max: 1 });
try {
  // Rotating the KEK re-wraps every live data key, so this needs the key material.
  const started = performance.now();
  const destroyed = await localSubjectKeyVault(pool, MASTER_KEY, KEK_DIR).eraseAll(Object.values(pseudonyms).filter((p): p is string => p !== undefined));
  const ms = Math.round(performance.now() - started);
  // Waited even when nothing was destroyed now: a first run may have crashed inside its wait.
  const bound = keyCacheDropBoundMs(cacheMaxAgeMs);
  await sleep(bound);
  // A log line of the command.
  const total = Object.values(destroyed).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${JSON.stringify({
      msg: 'subject erased',
      subject: pseudonyms.coordinator ?? target,
      pseudonyms,
      everywhere: Object.keys(pseudonyms).length === SPACES.length,
      keyVersionsDestroyed: total,
      keyVersionsDestroyedBySubject: destroyed,
      keyEncryptionKeyRotated: total > 0,
      ms,
      // Every service's key cache has dropped the keys (and the retired KEK) by now.
      keyCachesDropped: { by: 'notification, else max age', keyCacheMaxAgeMs: cacheMaxAgeMs, waitedMs: bound },
      at: new Date().toISOString(), // the operator's wall clock: the vault stamps the erasure itself
    })}\n`,
  );
} finally {
  await pool.end();
}
