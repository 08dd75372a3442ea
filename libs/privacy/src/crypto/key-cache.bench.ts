import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CachingSubjectKeyVault, DEFAULT_KEY_CACHE_MAX_AGE_MS, DEFAULT_KEY_CACHE_MAX_ENTRIES } from './cached-subject-key-vault.js';
import { SubjectSealer } from './sealer.js';
import { localSubjectKeyVault, VAULT_SCHEMA } from './subject-key-vault.js';

/**
 * `node libs/privacy/dist/crypto/key-cache.bench.js`: opens/s of sealed values through the vault
 * without and with the key cache (ADR 0029), on a throwaway vault database; prints one JSON line.
 * A micro-benchmark for the record, not a test. ADMIN_URL (default: the local server) must be
 * allowed to create databases. SUBJECTS children, CONCURRENCY opens in flight, SECONDS per run.
 */
const adminUrl = process.env.ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const subjects = Number(process.env.SUBJECTS ?? 500);
const concurrency = Number(process.env.CONCURRENCY ?? 8);
const seconds = Number(process.env.SECONDS ?? 3);
const database = `casenet_key_cache_bench_${process.pid}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const kekDir = mkdtempSync(join(tmpdir(), 'casenet-bench-kek-'));
// The services' pool size (key-vault.connection.ts).
const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
pool.on('error', () => undefined); // the DROP at the end terminates clients still closing
const values: [string, string][] = [];
try {
  await pool.query(VAULT_SCHEMA);
  const vault = localSubjectKeyVault(pool, randomBytes(32).toString('base64'), kekDir, DEFAULT_KEY_CACHE_MAX_AGE_MS);
  const plain = new SubjectSealer(vault);
  for (let i = 0; i < subjects; i += 1) {
    const subject = `sk1_bench${String(i).padStart(39, '0')}`;
    values.push([subject, await plain.seal(subject, { name: 'Ada', note: 'x'.repeat(200) })]);
  }
  const cache = new CachingSubjectKeyVault(vault, { maxAgeMs: DEFAULT_KEY_CACHE_MAX_AGE_MS, maxEntries: DEFAULT_KEY_CACHE_MAX_ENTRIES });
  const runs = { withoutCache: await run(plain), withCache: await run(new SubjectSealer(cache)) };
  const stats = cache.stats();
  cache.close();
  process.stdout.write(
    `${JSON.stringify({
      msg: 'key cache micro-benchmark',
      subjects,
      concurrency,
      seconds,
      maxAgeMs: DEFAULT_KEY_CACHE_MAX_AGE_MS,
      opensPerSecond: { withoutCache: runs.withoutCache, withCache: runs.withCache },
      ratio: Math.round((runs.withCache / runs.withoutCache) * 10) / 10,
      cache: stats,
    })}\n`,
  );
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  rmSync(kekDir, { recursive: true, force: true });
}

/** Opens random values, `concurrency` at a time, for `seconds`; returns opens per second. */
async function run(sealer: SubjectSealer): Promise<number> {
  let opens = 0;
  const started = performance.now();
  const until = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const [subject, sealed] = values[Math.floor(Math.random() * values.length)] as [string, string];
        await sealer.open(subject, sealed);
        opens += 1;
      }
    }),
  );
  return Math.round(opens / ((performance.now() - started) / 1_000));
}
