import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { KeyProvider } from './key-provider.js';

export interface SubjectDataKey {
  version: number;
  key: Buffer;
}

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
}

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
  )`;

/** The vault on PostgreSQL, keys wrapped by a KeyProvider. */
export class PostgresSubjectKeyVault implements SubjectKeyVault {
  constructor(
    private readonly pool: pg.Pool,
    private readonly provider: KeyProvider,
  ) {}

  async currentKey(subject: string): Promise<SubjectDataKey> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { rows } = await this.pool.query<{ version: number; wrapped_key: Buffer | null }>(
        'SELECT version, wrapped_key FROM subject_keys WHERE subject = $1 ORDER BY version DESC LIMIT 1',
        [subject],
      );
      const latest = rows[0];
      if (latest?.wrapped_key) return { version: latest.version, key: await this.provider.unwrap(latest.wrapped_key) };
      const version = (latest?.version ?? 0) + 1;
      const key = randomBytes(32);
      const inserted = await this.pool.query(
        'INSERT INTO subject_keys (subject, version, wrapped_key, key_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [subject, version, await this.provider.wrap(key), this.provider.keyId],
      );
      if (inserted.rowCount === 1) return { version, key };
      // Another service created it at the same moment: read theirs.
    }
    throw new Error(`could not establish a data key for subject ${subject}`);
  }

  async key(subject: string, version: number): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(
      'SELECT wrapped_key FROM subject_keys WHERE subject = $1 AND version = $2',
      [subject, version],
    );
    const wrapped = rows[0]?.wrapped_key;
    return wrapped ? this.provider.unwrap(wrapped) : undefined;
  }

  async erase(subject: string): Promise<number> {
    const result = await this.pool.query(
      'UPDATE subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject = $1 AND wrapped_key IS NOT NULL',
      [subject],
    );
    return result.rowCount ?? 0;
  }
}
