import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import pg from 'pg';
import { FileKeyEncryptionKeyStore, type KeyEncryptionKeyStore } from './key-encryption-keys.js';
import { type KeyProvider, LocalMasterKeyProvider } from './key-provider.js';

export interface SubjectDataKey {
  version: number;
  key: Buffer;
}

/** A key version's state in the vault: its key, erased (for good), or never created. */
export type KeyLookup = { key: Buffer } | 'erased' | 'absent';

/**
 * One data key per child (pseudonymous subject key), shared by every agency that holds data
 * about that child, so that deleting it makes that data unreadable everywhere at once: in
 * every database and in every event ever published (crypto-shredding). It holds random keys
 * indexed by pseudonyms, nothing about any child.
 */
export interface SubjectKeyVault {
  /** The current key, created on first use; a new version after an erasure. */
  currentKey(subject: string): Promise<SubjectDataKey>;
  /** A key version, or undefined once erased. */
  key(subject: string, version: number): Promise<Buffer | undefined>;
  /** Destroys every version; returns how many were destroyed. */
  erase(subject: string): Promise<number>;
  /**
   * Destroys every version of each subject in one erasure (one KEK rotation): a child's
   * pseudonyms, one per agency (ADR 0019). Returns how many were destroyed, per subject.
   */
  eraseAll(subjects: readonly string[]): Promise<Record<string, number>>;
}

/**
 * Idempotent, so provisioning can run it on every start. `kek_version` NULL marks a data key
 * wrapped directly by the master key (before key-encryption keys existed); `upgrade` re-wraps
 * those at boot.
 */
export const VAULT_SCHEMA = `
  CREATE TABLE IF NOT EXISTS subject_keys (
    subject     text NOT NULL,
    version     integer NOT NULL,
    wrapped_key bytea,
    key_id      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_at   timestamptz,
    PRIMARY KEY (subject, version),
    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
  );
  ALTER TABLE subject_keys ADD COLUMN IF NOT EXISTS kek_version integer;
  CREATE TABLE IF NOT EXISTS key_encryption_keys (
    version      integer PRIMARY KEY,
    key_ref      text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz
  );
  CREATE INDEX IF NOT EXISTS subject_keys_live ON subject_keys (kek_version) WHERE wrapped_key IS NOT NULL`;

/** What the services' vault role may do: read, add, re-wrap and destroy keys; no DDL. */
export const VAULT_GRANTS = [
  'GRANT SELECT, INSERT, UPDATE (wrapped_key, erased_at, key_id, kek_version) ON subject_keys TO keyvault',
  'GRANT SELECT, INSERT, UPDATE (destroyed_at) ON key_encryption_keys TO keyvault',
];

/**
 * Erasing a child notifies this channel (with its subject key) when the erasure commits, so
 * services sweep what they keep about the child at once; `subject_keys.erased_at` is the
 * durable record they also poll.
 */
export const SUBJECT_ERASED_CHANNEL = 'subject_erased';

/** Serialises rotations (exclusive) against new data keys being wrapped (shared). */
const ROTATION_LOCK = 0x6b656b;
const IV = 12;
const TAG = 16;
const REWRAP_BATCH = 2_000;

interface KeyRow {
  version: number;
  wrapped_key: Buffer | null;
  kek_version: number | null;
  key_ref: string | null;
}

/**
 * The vault on PostgreSQL. Data keys are wrapped by the current key-encryption key (KEK),
 * which lives outside the database (KeyEncryptionKeyStore). Erasing a child destroys its
 * rows' keys and rotates the KEK: every live data key is re-wrapped under a new KEK and the
 * old KEK is destroyed, so the erased child's wrapped key, wherever PostgreSQL left a copy of
 * it (dead tuples, WAL, backups), can no longer be unwrapped by anything that still exists.
 */
export class PostgresSubjectKeyVault implements SubjectKeyVault {
  /** The newest KEK this process has used; older ones are never kept in memory. */
  private cached?: { version: number; key: Buffer };
  private cachedExpiry?: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly keks: KeyEncryptionKeyStore,
    /** The master key provider, only to unwrap data keys wrapped before KEKs existed. */
    private readonly legacy?: KeyProvider,
    /**
     * How long the KEK stays in memory after it was loaded: a rotation by another process
     * (an erasure) retires it, and this bounds how long this process still holds it.
     */
    private readonly kekMaxAgeMs?: number,
  ) {}

  async currentKey(subject: string): Promise<SubjectDataKey> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const [latest] = await this.rows(this.pool, subject, 'ORDER BY s.version DESC LIMIT 1');
      if (latest?.wrapped_key) {
        const key = await this.unwrapRow(subject, latest);
        if (key) return { version: latest.version, key };
        continue; // a rotation retired its KEK between the read and the load: read again
      }
      const created = await this.create(subject, (latest?.version ?? 0) + 1);
      if (created) return created;
      // Another service created it at the same moment: read theirs.
    }
    throw new Error(`could not establish a data key for subject ${subject}`);
  }

  async key(subject: string, version: number): Promise<Buffer | undefined> {
    const found = await this.lookup(subject, version);
    return typeof found === 'object' ? found.key : undefined;
  }

  /** Like `key`, telling an erased version (never coming back) from one that does not exist. */
  async lookup(subject: string, version: number): Promise<KeyLookup> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const [row] = await this.rows(this.pool, subject, 'AND s.version = $2', [version]);
      if (!row) return 'absent';
      if (!row.wrapped_key) return 'erased';
      const key = await this.unwrapRow(subject, row);
      if (key) return { key };
    }
    throw new Error(`the key-encryption key of subject ${subject} keeps changing`);
  }

  /**
   * Drops the KEK this process keeps. Another process's erasure retires it without telling this
   * one's memory; the key cache calls this on every erasure notification.
   */
  forgetKeyEncryptionKey(): void {
    const cached = this.cached;
    this.cached = undefined;
    clearTimeout(this.cachedExpiry);
    // Deferred: a caller may hold it until its current synchronous step ends.
    if (cached) setImmediate(() => cached.key.fill(0));
  }

  async erase(subject: string): Promise<number> {
    return (await this.eraseAll([subject]))[subject] ?? 0;
  }

  async eraseAll(subjects: readonly string[]): Promise<Record<string, number>> {
    const { destroyed, retired } = await this.exclusively(async (client) => {
      const counts: Record<string, number> = {};
      for (const subject of new Set(subjects)) {
        const result = await client.query(
          'UPDATE subject_keys SET wrapped_key = NULL, kek_version = NULL, erased_at = now() WHERE subject = $1 AND wrapped_key IS NOT NULL',
          [subject],
        );
        const count = result.rowCount ?? 0;
        counts[subject] = count;
        if (count > 0) await client.query('SELECT pg_notify($1, $2)', [SUBJECT_ERASED_CHANNEL, subject]);
      }
      const any = Object.values(counts).some((n) => n > 0);
      return { destroyed: counts, retired: any ? await this.rotate(client) : [] };
    });
    await this.destroyRetired(retired);
    return destroyed;
  }

  /**
   * Boot step: wraps data keys still under the master key (from before KEKs) with a fresh
   * KEK, and finishes destroying KEKs a crash left behind after their rotation committed.
   * Sealing needs key material, which the schema migrator must never hold; this runs where it is.
   */
  async upgrade(): Promise<number> {
    const { rewrapped, retired } = await this.exclusively(async (client) => {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM subject_keys WHERE wrapped_key IS NOT NULL AND kek_version IS NULL');
      const legacyCount = Number(rows[0]?.n ?? 0);
      return { rewrapped: legacyCount, retired: legacyCount > 0 ? await this.rotate(client) : [] };
    });
    await this.destroyRetired(retired);
    return rewrapped;
  }

  /** Re-wraps every live data key under a new KEK and retires every older KEK (inside the caller's transaction). */
  private async rotate(client: pg.PoolClient): Promise<string[]> {
    const fresh = await this.keks.create();
    try {
      const { rows: top } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM key_encryption_keys');
      const version = (top[0]?.version ?? 0) + 1;
      await client.query('INSERT INTO key_encryption_keys (version, key_ref) VALUES ($1, $2)', [version, fresh.id]);
      const live = await client.query<KeyRow & { subject: string }>(
        `SELECT s.subject, s.version, s.wrapped_key, s.kek_version, k.key_ref
           FROM subject_keys s LEFT JOIN key_encryption_keys k ON k.version = s.kek_version
          WHERE s.wrapped_key IS NOT NULL AND s.kek_version IS DISTINCT FROM $1`,
        [version],
      );
      const old = new Map<number, Buffer>();
      for (let start = 0; start < live.rows.length; start += REWRAP_BATCH) {
        const batch = live.rows.slice(start, start + REWRAP_BATCH);
        const wrapped: Buffer[] = [];
        for (const row of batch) {
          const key = await this.unwrapWith(row, old);
          wrapped.push(wrapDataKey(fresh.key, row.subject, row.version, key));
        }
        await client.query(
          `UPDATE subject_keys s SET wrapped_key = u.wrapped, kek_version = $4, key_id = $5
             FROM unnest($1::text[], $2::int[], $3::bytea[]) AS u(subject, version, wrapped)
            WHERE s.subject = u.subject AND s.version = u.version`,
          [batch.map((r) => r.subject), batch.map((r) => r.version), wrapped, version, kekKeyId(version)],
        );
      }
      const retired = await client.query<{ key_ref: string }>(
        'UPDATE key_encryption_keys SET destroyed_at = now() WHERE version < $1 AND destroyed_at IS NULL RETURNING key_ref',
        [version],
      );
      return retired.rows.map((r) => r.key_ref);
    } catch (error) {
      await this.keks.destroy(fresh.id); // never committed: nothing is wrapped under it
      throw error;
    }
  }

  private async unwrapWith(row: KeyRow & { subject: string }, old: Map<number, Buffer>): Promise<Buffer> {
    if (row.kek_version === null) return this.unwrapLegacy(row);
    let kek = old.get(row.kek_version);
    if (!kek) {
      kek = row.key_ref ? await this.keks.load(row.key_ref) : undefined;
      if (!kek) throw new Error(`the key-encryption key ${row.kek_version} is missing while subject ${row.subject} still needs it`);
      old.set(row.kek_version, kek);
    }
    return unwrapDataKey(kek, row.subject, row.version, row.wrapped_key as Buffer);
  }

  private async create(subject: string, version: number): Promise<SubjectDataKey | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock_shared($1)', [ROTATION_LOCK]);
      const kek = await this.currentKek(client);
      const key = randomBytes(32);
      const inserted = await client.query(
        'INSERT INTO subject_keys (subject, version, wrapped_key, key_id, kek_version) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [subject, version, wrapDataKey(kek.key, subject, version, key), kekKeyId(kek.version), kek.version],
      );
      await client.query('COMMIT');
      return inserted.rowCount === 1 ? { version, key } : undefined;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The current KEK, the first one made if there is none yet. Needs the rotation lock (shared or not). */
  private async currentKek(client: pg.PoolClient): Promise<{ version: number; key: Buffer }> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { rows } = await client.query<{ version: number; key_ref: string }>(
        'SELECT version, key_ref FROM key_encryption_keys WHERE destroyed_at IS NULL ORDER BY version DESC LIMIT 1',
      );
      const current = rows[0];
      if (current) {
        const key = await this.kek(current.version, current.key_ref);
        if (!key) throw new Error(`the current key-encryption key ${current.version} is missing from the key store`);
        return { version: current.version, key };
      }
      const first = await this.keks.create();
      const inserted = await client.query('INSERT INTO key_encryption_keys (version, key_ref) VALUES (1, $1) ON CONFLICT DO NOTHING', [first.id]);
      if (inserted.rowCount === 1) return { version: 1, key: first.key };
      await this.keks.destroy(first.id); // another service made the first one at the same moment
    }
    throw new Error('could not establish a key-encryption key');
  }

  private async kek(version: number, ref: string): Promise<Buffer | undefined> {
    if (this.cached?.version === version) return this.cached.key;
    const key = await this.keks.load(ref);
    if (key && (!this.cached || version > this.cached.version)) {
      this.forgetKeyEncryptionKey();
      this.cached = { version, key };
      if (this.kekMaxAgeMs) this.cachedExpiry = setTimeout(() => this.forgetKeyEncryptionKey(), this.kekMaxAgeMs).unref();
    }
    return key;
  }

  /** The data key, or undefined when its KEK was retired meanwhile (the row has been re-wrapped: read it again). */
  private async unwrapRow(subject: string, row: KeyRow): Promise<Buffer | undefined> {
    const wrapped = row.wrapped_key as Buffer;
    if (row.kek_version === null) return this.unwrapLegacy(row);
    if (!row.key_ref) return undefined;
    const kek = await this.kek(row.kek_version, row.key_ref);
    return kek ? unwrapDataKey(kek, subject, row.version, wrapped) : undefined;
  }

  private async unwrapLegacy(row: KeyRow): Promise<Buffer> {
    if (!this.legacy) throw new Error('a data key is wrapped by the master key alone and no master key provider was given');
    return this.legacy.unwrap(row.wrapped_key as Buffer);
  }

  private async rows(db: pg.Pool | pg.PoolClient, subject: string, rest: string, params: unknown[] = []): Promise<KeyRow[]> {
    const { rows } = await db.query<KeyRow>(
      `SELECT s.version, s.wrapped_key, s.kek_version, k.key_ref
         FROM subject_keys s LEFT JOIN key_encryption_keys k ON k.version = s.kek_version AND k.destroyed_at IS NULL
        WHERE s.subject = $1 ${rest}`,
      [subject, ...params],
    );
    return rows;
  }

  private async exclusively<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [ROTATION_LOCK]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** After the commit: the retired KEKs' material goes, and with it every copy of what they wrapped. */
  private async destroyRetired(retired: string[]): Promise<void> {
    this.forgetKeyEncryptionKey();
    // Also KEKs whose destruction a crash interrupted after their rotation committed.
    const { rows } = await this.pool.query<{ key_ref: string }>('SELECT key_ref FROM key_encryption_keys WHERE destroyed_at IS NOT NULL');
    for (const ref of new Set([...retired, ...rows.map((r) => r.key_ref)])) await this.keks.destroy(ref);
  }
}

/** The local vault: KEK files in `kekDir` wrapped by the master key, which also opens pre-KEK data keys. */
export function localSubjectKeyVault(pool: pg.Pool, masterKeyBase64: string, kekDir: string, kekMaxAgeMs?: number): PostgresSubjectKeyVault {
  const master = Buffer.from(masterKeyBase64, 'base64');
  return new PostgresSubjectKeyVault(pool, new FileKeyEncryptionKeyStore(kekDir, master), new LocalMasterKeyProvider(master), kekMaxAgeMs);
}

function kekKeyId(version: number): string {
  return `kek-${version}`;
}

/** AES-256-GCM, bound to the row (subject and version) so a wrapped key cannot be moved to another child. */
export function wrapDataKey(kek: Buffer, subject: string, version: number, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`${subject}#${version}`));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unwrapDataKey(kek: Buffer, subject: string, version: number, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, IV));
  decipher.setAAD(Buffer.from(`${subject}#${version}`));
  decipher.setAuthTag(wrapped.subarray(IV, IV + TAG));
  return Buffer.concat([decipher.update(wrapped.subarray(IV + TAG)), decipher.final()]);
}
