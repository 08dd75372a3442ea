import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LocalMasterKeyProvider } from './key-provider.js';

export interface KeyEncryptionKey {
  /** Names the key material in the store; recorded beside the KEK version in the vault. */
  id: string;
  key: Buffer;
}

/**
 * Where key-encryption keys live: outside the vault database on purpose. PostgreSQL keeps old
 * row versions in dead tuples and in its write-ahead log, so anything it ever stored can come
 * back from disk; a KEK destroyed here is gone from the place it lived, and every data key it
 * wrapped (in any dead tuple, WAL segment or backup of the vault) is then ciphertext without
 * a key. In production a KMS key version with scheduled destruction plays this part.
 */
export interface KeyEncryptionKeyStore {
  create(): Promise<KeyEncryptionKey>;
  /** The key, or undefined once destroyed. */
  load(id: string): Promise<Buffer | undefined>;
  destroy(id: string): Promise<void>;
}

const ID = /^[0-9a-f-]{36}$/;

/**
 * KEKs as files in a directory (the local stand-in for a KMS), each wrapped under the master
 * key so a copy of the directory alone is useless. Destroying overwrites the file in place,
 * flushes it, then unlinks it and flushes the directory.
 */
export class FileKeyEncryptionKeyStore implements KeyEncryptionKeyStore {
  private readonly master: LocalMasterKeyProvider;

  constructor(
    private readonly dir: string,
    masterKey: Buffer,
  ) {
    this.master = new LocalMasterKeyProvider(masterKey, 'kek-store-1');
  }

  async create(): Promise<KeyEncryptionKey> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const key = randomBytes(32);
    const path = this.path(id);
    // Written durably under a temporary name first: a KEK must never be half there.
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, await this.master.wrap(key), { mode: 0o600 });
    fsyncPath(temporary);
    renameSync(temporary, path);
    fsyncPath(this.dir);
    return { id, key };
  }

  async load(id: string): Promise<Buffer | undefined> {
    let wrapped: Buffer;
    try {
      wrapped = readFileSync(this.path(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return this.master.unwrap(wrapped);
  }

  async destroy(id: string): Promise<void> {
    const path = this.path(id);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, randomBytes(size), 0, size, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(path);
    fsyncPath(this.dir);
  }

  private path(id: string): string {
    if (!ID.test(id)) throw new Error(`not a key-encryption key id: ${id}`);
    return join(this.dir, `kek-${id}.key`);
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
