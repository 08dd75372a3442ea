import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  FileKeyEncryptionKeyStore,
  isErased,
  LocalMasterKeyProvider,
  localSubjectKeyVault,
  type PostgresSubjectKeyVault,
  SubjectSealer,
  unwrapDataKey,
  wrapDataKey,
} from '@casenet/privacy';
import { devMasterKey, provisionKeyVault, resolvePostgres, type PostgresServer } from '@casenet/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

jest.setTimeout(300_000);

interface Found {
  where: string;
  at: number;
}

/**
 * What an attacker with the machine's disk and today's key material can do about an erased
 * child: PostgreSQL keeps the old wrapped data key in the table's dead tuple and in the WAL.
 * After erasure, those bytes are there; nothing that still exists (the master key, the KEK
 * files left in the key store) unwraps them.
 */
describe('erasure is final on disk', () => {
  const namespace = `t_erasure_disk_${process.pid}`;
  const kekDir = mkdtempSync(join(tmpdir(), 'casenet-kek-'));
  let postgres: PostgresServer;
  let admin: pg.Client;
  let pool: pg.Pool;
  let vault: PostgresSubjectKeyVault;
  let sealer: SubjectSealer;
  let dataDirectory: string | undefined;

  beforeAll(async () => {
    postgres = await resolvePostgres();
    const url = await provisionKeyVault(postgres.adminUrl, namespace);
    const adminUrl = new URL(postgres.adminUrl);
    adminUrl.pathname = `/${namespace}_keyvault`;
    admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    pool = new pg.Pool({ connectionString: url, max: 4 });
    vault = localSubjectKeyVault(pool, devMasterKey(), kekDir);
    sealer = new SubjectSealer(vault);
    const { rows } = await admin.query<{ data_directory: string }>('SHOW data_directory');
    dataDirectory = rows[0]?.data_directory;
  });

  afterAll(async () => {
    await pool?.end();
    await admin?.end();
    const drop = new pg.Client({ connectionString: postgres.adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${namespace}_keyvault WITH (FORCE)`);
    await drop.end();
    rmSync(kekDir, { recursive: true, force: true });
  });

  /** Everything an attacker holds after the erasure: the master key and every KEK file still in the store. */
  async function tryUnwrap(subject: string, version: number, wrapped: Buffer): Promise<Buffer | undefined> {
    const master = Buffer.from(devMasterKey(), 'base64');
    const attempts: (() => Promise<Buffer>)[] = [() => new LocalMasterKeyProvider(master).unwrap(wrapped)];
    const store = new FileKeyEncryptionKeyStore(kekDir, master);
    for (const file of readdirSync(kekDir)) {
      const id = /^kek-(.+)\.key$/.exec(file)?.[1];
      if (!id) continue;
      const kek = await store.load(id);
      if (kek) attempts.push(async () => unwrapDataKey(kek, subject, version, wrapped));
    }
    for (const attempt of attempts) {
      const key = await attempt().catch(() => undefined);
      if (key) return key;
    }
    return undefined;
  }

  async function walSegment(): Promise<string> {
    const { rows } = await admin.query<{ name: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS name');
    return rows[0]!.name;
  }

  /** Where the bytes sit in the table's files and the WAL segments written since `fromSegment`. */
  async function onDisk(bytes: Buffer, fromSegment: string): Promise<Found[]> {
    await admin.query('CHECKPOINT'); // shared buffers to the relation files
    const toSegment = await walSegment();
    const { rows } = await admin.query<{ path: string }>("SELECT pg_relation_filepath('subject_keys') AS path");
    const relation = join(dataDirectory!, rows[0]!.path);
    const files = [relation];
    const walDir = join(dataDirectory!, 'pg_wal');
    for (const name of readdirSync(walDir).sort()) {
      if (/^[0-9A-F]{24}$/.test(name) && name.slice(0, 8) === fromSegment.slice(0, 8) && name >= fromSegment && name <= toSegment)
        files.push(join(walDir, name));
    }
    const found: Found[] = [];
    for (const file of files) {
      const content = readFileSync(file);
      for (let at = content.indexOf(bytes); at >= 0; at = content.indexOf(bytes, at + 1)) found.push({ where: file, at });
    }
    return found;
  }

  async function wrappedKey(subject: string): Promise<{ version: number; wrapped: Buffer }> {
    const { rows } = await admin.query<{ version: number; wrapped_key: Buffer }>('SELECT version, wrapped_key FROM subject_keys WHERE subject = $1', [subject]);
    return { version: rows[0]!.version, wrapped: rows[0]!.wrapped_key };
  }

  it('leaves the erased key on disk only as bytes nothing can unwrap, while every other child still opens', async () => {
    const readable =
      dataDirectory !== undefined &&
      (() => {
        try {
          readdirSync(join(dataDirectory, 'pg_wal'));
          return true;
        } catch {
          return false;
        }
      })();
    // Tests run as root beside PostgreSQL; anywhere else this check cannot look at the disk.
    expect(readable).toBe(true);
    const fromSegment = await walSegment();

    const children = Array.from({ length: 12 }, (_, i) => ({
      subject: `sk1_${randomBytes(32).toString('hex')}`,
      name: `Nome${i} Cognome${randomBytes(4).toString('hex')}`,
    }));
    const sealed = await Promise.all(children.map(async (c) => sealer.seal(c.subject, { name: c.name })));
    const victim = children[3]!;
    const before = await wrappedKey(victim.subject);

    // The threat is real: the wrapped key is on disk, and today's key material unwraps it.
    expect((await onDisk(before.wrapped, fromSegment)).length).toBeGreaterThan(0);
    expect(await tryUnwrap(victim.subject, before.version, before.wrapped)).toBeDefined();

    expect(await vault.erase(victim.subject)).toBe(1);

    const after = await onDisk(before.wrapped, fromSegment);
    expect(after.length).toBeGreaterThan(0); // still there: the WAL (and the dead tuple, until vacuum) keep it
    expect(await tryUnwrap(victim.subject, before.version, before.wrapped)).toBeUndefined();
    expect(isErased(await sealer.open(victim.subject, sealed[3]!))).toBe(true);
    for (const [i, child] of children.entries()) {
      if (child === victim) continue;
      expect(await sealer.open(child.subject, sealed[i]!)).toEqual({ name: child.name });
    }
    // Every live key was re-wrapped: none is left under a destroyed KEK.
    const { rows } = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM subject_keys s JOIN key_encryption_keys k ON k.version = s.kek_version
        WHERE s.wrapped_key IS NOT NULL AND k.destroyed_at IS NOT NULL`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    expect(readdirSync(kekDir).filter((f) => f.endsWith('.key'))).toHaveLength(1);
  });

  it('re-wraps data keys wrapped by the master key alone (before KEKs) at boot', async () => {
    const subject = `sk1_${randomBytes(32).toString('hex')}`;
    const dataKey = randomBytes(32);
    const master = new LocalMasterKeyProvider(Buffer.from(devMasterKey(), 'base64'));
    await admin.query('INSERT INTO subject_keys (subject, version, wrapped_key, key_id) VALUES ($1, 1, $2, $3)', [
      subject,
      await master.wrap(dataKey),
      master.keyId,
    ]);
    const sealed = await sealer.seal(subject, 'prima dei KEK');
    expect(await vault.upgrade()).toBe(1);
    const { rows } = await admin.query<{ kek_version: number | null }>('SELECT kek_version FROM subject_keys WHERE subject = $1', [subject]);
    expect(rows[0]!.kek_version).not.toBeNull();
    expect(await sealer.open(subject, sealed)).toBe('prima dei KEK');
  });

  it('keeps every key that is not erased while erasures and new keys race', async () => {
    const subjects = Array.from({ length: 40 }, () => `sk1_${randomBytes(32).toString('hex')}`);
    const erased = new Set(subjects.filter((_, i) => i % 7 === 0));
    const sealed = new Map<string, string>();
    await Promise.all(
      subjects.map(async (subject, i) => {
        sealed.set(subject, await sealer.seal(subject, i));
        if (erased.has(subject)) await vault.erase(subject);
      }),
    );
    for (const [i, subject] of subjects.entries()) {
      const opened = await sealer.open(subject, sealed.get(subject)!);
      if (erased.has(subject)) expect(isErased(opened)).toBe(true);
      else expect(opened).toBe(i);
    }
  });

  it('rotates under 10,000 live children in bounded time (measured)', async () => {
    const store = new FileKeyEncryptionKeyStore(kekDir, Buffer.from(devMasterKey(), 'base64'));
    // Make sure a KEK exists, then write 10,000 rows under it directly (creating them one by one would time the wrong thing).
    const seed = `sk1_${randomBytes(32).toString('hex')}`;
    await vault.currentKey(seed);
    const { rows } = await admin.query<{ version: number; key_ref: string }>('SELECT version, key_ref FROM key_encryption_keys WHERE destroyed_at IS NULL');
    const kek = (await store.load(rows[0]!.key_ref))!;
    const subjects = Array.from({ length: 10_000 }, () => `sk1_${randomBytes(32).toString('hex')}`);
    const sealedVault = localSubjectKeyVault(pool, devMasterKey(), kekDir);
    await admin.query(
      `INSERT INTO subject_keys (subject, version, wrapped_key, key_id, kek_version)
       SELECT s, 1, w, 'kek-' || $3::int, $3::int FROM unnest($1::text[], $2::bytea[]) AS u(s, w)`,
      [subjects, subjects.map((s) => wrapDataKey(kek, s, 1, randomBytes(32))), rows[0]!.version],
    );
    const started = performance.now();
    await vault.erase(seed);
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ measured: 'erase with KEK rotation', liveKeys: subjects.length, ms: Math.round(ms) })}\n`);
    for (const subject of [subjects[0]!, subjects[4_999]!, subjects[9_999]!]) expect(await sealedVault.key(subject, 1)).toBeDefined();
    const left = await admin.query<{ n: string }>(
      'SELECT count(*) AS n FROM subject_keys WHERE wrapped_key IS NOT NULL AND kek_version <> (SELECT max(version) FROM key_encryption_keys)',
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
