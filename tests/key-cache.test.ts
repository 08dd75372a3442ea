import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { devMasterKey, provisionKeyVault, resolvePostgres, type PostgresServer } from '@casenet/testing';
import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  CachingSubjectKeyVault,
  isErased,
  KEY_CACHE_LISTENER_APPLICATION,
  keyCacheDropBoundMs,
  localSubjectKeyVault,
  type PostgresSubjectKeyVault,
  SubjectErasureListener,
  SubjectSealer,
} from '@casenet/privacy';

jest.setTimeout(240_000);

interface Instance {
  pool: pg.Pool;
  vault: PostgresSubjectKeyVault;
  cache?: CachingSubjectKeyVault;
  listener?: SubjectErasureListener;
  sealer: SubjectSealer;
  /** Statements this instance sent to the vault (each pool query, each transaction's connection). */
  queries: () => number;
  close: () => Promise<void>;
}

interface InstanceOptions {
  maxAgeMs?: number;
  listen?: boolean;
  reconnectMs?: number;
}

let counter = 0;
/** A fresh pseudonym per use, so tests never share a subject. */
function subject(): string {
  counter += 1;
  return `sk1_${`${process.pid}x${counter}x${Date.now()}`.padEnd(43, 'k')}`;
}

/**
 * The key cache against a real vault database, with erasures made by other pools (as another
 * service or the DPO's command would) and by another process (`npm run erase`'s script).
 */
describe('the key cache is erasure-safe', () => {
  const namespace = `t_key_cache_${process.pid}`;
  const kekDir = mkdtempSync(join(tmpdir(), 'casenet-kek-'));
  let postgres: PostgresServer;
  let url: string;
  let admin: pg.Client;
  const open: Instance[] = [];

  beforeAll(async () => {
    postgres = await resolvePostgres();
    url = await provisionKeyVault(postgres.adminUrl, namespace);
    admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((instance) => instance.close()));
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${namespace}_keyvault WITH (FORCE)`);
    await admin?.end();
    rmSync(kekDir, { recursive: true, force: true });
  });

  /** One service's vault: its own pool, and with maxAgeMs its own cache and erasure listener. */
  async function instance(options: InstanceOptions = {}): Promise<Instance> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => undefined);
    const query = jest.spyOn(pool, 'query');
    const connect = jest.spyOn(pool, 'connect');
    const vault = localSubjectKeyVault(pool, devMasterKey(), kekDir, options.maxAgeMs);
    const cache = options.maxAgeMs ? new CachingSubjectKeyVault(vault, { maxAgeMs: options.maxAgeMs, maxEntries: 1_000 }) : undefined;
    const listener =
      cache && options.listen !== false
        ? new SubjectErasureListener(url, { erased: (s) => cache.forget(s), connected: () => cache.clear() }, options.reconnectMs)
        : undefined;
    await listener?.start();
    const created: Instance = {
      pool,
      vault,
      cache,
      listener,
      sealer: new SubjectSealer(cache ?? vault),
      queries: () => query.mock.calls.length + connect.mock.calls.length,
      close: async () => {
        await listener?.stop();
        cache?.close();
        vault.forgetKeyEncryptionKey();
        await pool.end();
      },
    };
    open.push(created);
    return created;
  }

  /** A connection blip: the server drops every key-cache listener of this test's vault. */
  async function cutListeners(): Promise<void> {
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [
      KEY_CACHE_LISTENER_APPLICATION,
      `${namespace}_keyvault`,
    ]);
    expect(rowCount).toBeGreaterThan(0);
  }

  async function until(condition: () => Promise<boolean> | boolean, what: string, withinMs = 10_000): Promise<number> {
    const started = performance.now();
    while (!(await condition())) {
      if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
      await sleep(20);
    }
    return performance.now() - started;
  }

  it('opens from memory: after the first seal, seals and opens of that child make no query', async () => {
    const cached = await instance({ maxAgeMs: 60_000 });
    const direct = await instance();
    const child = subject();
    const first = await cached.sealer.seal(child, { name: 'Ada' });
    await cached.sealer.open(child, first);
    const before = cached.queries();
    for (let i = 0; i < 50; i += 1) expect(await cached.sealer.open(child, await cached.sealer.seal(child, { i }))).toEqual({ i });
    expect(cached.queries() - before).toBe(0);
    expect(cached.cache?.stats().hits).toBeGreaterThanOrEqual(100);

    const directBefore = direct.queries();
    for (let i = 0; i < 50; i += 1) await direct.sealer.open(child, first);
    expect(direct.queries() - directBefore).toBeGreaterThanOrEqual(50);
  });

  it('drops an erased child on the notification, long before the max age', async () => {
    const cached = await instance({ maxAgeMs: 60_000 });
    const eraser = await instance();
    const child = subject();
    const kept = subject();
    const sealed = await cached.sealer.seal(child, 'erase me');
    const other = await cached.sealer.seal(kept, 'keep me');
    expect(await cached.sealer.open(child, sealed)).toBe('erase me');
    await eraser.vault.erase(child);
    const ms = await until(async () => isErased(await cached.sealer.open(child, sealed)), 'the cache dropped the erased key', 5_000);
    expect(ms).toBeLessThan(5_000);
    expect(await cached.sealer.open(kept, other)).toBe('keep me');
    // New data about the child goes under a new key version, which opens.
    const again = await cached.sealer.seal(child, 'new report');
    expect(again).toMatch(/^sealed:v1:2:/);
    expect(await cached.sealer.open(child, again)).toBe('new report');
  });

  it('with the listener cut, the max age alone stops the erased key', async () => {
    const maxAgeMs = 1_500;
    const cached = await instance({ maxAgeMs, reconnectMs: 120_000 });
    const eraser = await instance();
    const child = subject();
    const sealed = await cached.sealer.seal(child, 'erase me');
    const read = performance.now();
    expect(await cached.sealer.open(child, sealed)).toBe('erase me');
    await cutListeners();
    await until(() => !cached.listener?.listening, 'the listener noticed the cut');
    await eraser.vault.erase(child);
    // The window the max age bounds: without the notification, the cached key still opens.
    expect(await cached.sealer.open(child, sealed)).toBe('erase me');
    const ms = await until(async () => isErased(await cached.sealer.open(child, sealed)), 'the max age expired the key', 3 * maxAgeMs);
    expect(performance.now() - read).toBeGreaterThanOrEqual(maxAgeMs - 50);
    expect(performance.now() - read).toBeLessThan(maxAgeMs + 1_000);
    expect(ms).toBeLessThan(maxAgeMs + 1_000);
    expect(cached.listener?.listening).toBe(false);
  });

  it('clears everything when the listener reconnects after missing notifications', async () => {
    const cached = await instance({ maxAgeMs: 60_000, reconnectMs: 1_500 });
    const eraser = await instance();
    const child = subject();
    const sealed = await cached.sealer.seal(child, 'erase me');
    expect(await cached.sealer.open(child, sealed)).toBe('erase me');
    await cutListeners();
    await until(() => !cached.listener?.listening, 'the listener noticed the cut');
    await eraser.vault.erase(child);
    expect(await cached.sealer.open(child, sealed)).toBe('erase me');
    await until(() => cached.listener?.listening === true, 'the listener reconnected');
    expect(isErased(await cached.sealer.open(child, sealed))).toBe(true);
  });

  it('the erase command, another process, returns only after the bound, and then nothing opens the child', async () => {
    const maxAgeMs = 1_000;
    const listening = await instance({ maxAgeMs });
    const deaf = await instance({ maxAgeMs, listen: false });
    const child = subject();
    const sealed = await listening.sealer.seal(child, 'erase me');
    expect(await listening.sealer.open(child, sealed)).toBe('erase me');
    expect(await deaf.sealer.open(child, sealed)).toBe('erase me');
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, [resolve('libs/privacy/dist/erase-subject.js'), child], {
      env: { ...process.env, KEY_VAULT_URL: url, MASTER_KEY: devMasterKey(), KEK_DIR: kekDir, KEY_CACHE_MAX_AGE_MS: String(maxAgeMs) },
    });
    const elapsed = performance.now() - started;
    const line = JSON.parse(stdout) as { keyVersionsDestroyed: number; keyCachesDropped: { keyCacheMaxAgeMs: number; waitedMs: number } };
    expect(line.keyVersionsDestroyed).toBe(1);
    expect(line.keyCachesDropped).toMatchObject({ keyCacheMaxAgeMs: maxAgeMs, waitedMs: keyCacheDropBoundMs(maxAgeMs) });
    expect(elapsed).toBeGreaterThanOrEqual(keyCacheDropBoundMs(maxAgeMs));
    expect(isErased(await listening.sealer.open(child, sealed))).toBe(true);
    expect(isErased(await deaf.sealer.open(child, sealed))).toBe(true);
  });

  it('property: seals, opens and erasures interleaved on two instances; after an erasure and the bound, neither opens it', async () => {
    const maxAgeMs = 300;
    const subjects = [subject(), subject(), subject()];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('seal' as const), at: fc.nat(1), child: fc.nat(2), delay: fc.nat(30) }),
      fc.record({ kind: fc.constant('open' as const), at: fc.nat(1), child: fc.nat(2), delay: fc.nat(30) }),
      fc.record({ kind: fc.constant('erase' as const), at: fc.nat(1), child: fc.nat(2), delay: fc.nat(30) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 24 }), fc.tuple(fc.boolean(), fc.boolean()), async (ops, [listenA, listenB]) => {
        const both = [await instance({ maxAgeMs, listen: listenA }), await instance({ maxAgeMs, listen: listenB })];
        const sealed: { child: string; value: string; plain: number }[] = [];
        try {
          await Promise.all(
            ops.map(async ({ kind, at, child, delay }, index) => {
              await sleep(delay);
              const { sealer, cache } = both[at] as Instance;
              const name = subjects[child] as string;
              if (kind === 'seal') sealed.push({ child: name, value: await sealer.seal(name, index), plain: index });
              else if (kind === 'erase') await cache?.erase(name);
              else {
                const mine = sealed.filter((s) => s.child === name);
                const pick = mine[index % Math.max(1, mine.length)];
                if (pick) await sealer.open(name, pick.value);
              }
            }),
          );
          await sleep(keyCacheDropBoundMs(maxAgeMs));
          // The vault's truth, read afresh.
          const { rows } = await (both[0] as Instance).pool.query<{ subject: string; version: number; erased: boolean }>(
            'SELECT subject, version, erased_at IS NOT NULL AS erased FROM subject_keys WHERE subject = ANY($1)',
            [subjects],
          );
          const dead = new Set(rows.filter((r) => r.erased).map((r) => `${r.subject}#${r.version}`));
          for (const { child, value, plain } of sealed) {
            const version = Number(/^sealed:v1:(\d+):/.exec(value)?.[1]);
            for (const { sealer } of both) {
              const opened = await sealer.open(child, value);
              if (dead.has(`${child}#${version}`)) expect(isErased(opened)).toBe(true);
              else expect(opened).toBe(plain);
            }
          }
        } finally {
          await Promise.all(open.splice(0).map((i) => i.close()));
        }
      }),
      { numRuns: 25 },
    );
  });
});
