import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Wraps and unwraps data keys. A KMS (cloud KMS, Vault transit) implements this in
 * production; locally a master key from configuration does. Data keys never rest unwrapped.
 */
export interface KeyProvider {
  readonly keyId: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

const IV = 12;
const TAG = 16;

/** AES-256-GCM under a 32-byte master key held in the service's configuration. */
export class LocalMasterKeyProvider implements KeyProvider {
  constructor(
    private readonly masterKey: Buffer,
    readonly keyId = 'local-master-1',
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  static fromBase64(value: string, keyId?: string): LocalMasterKeyProvider {
    return new LocalMasterKeyProvider(Buffer.from(value, 'base64'), keyId);
  }

  async wrap(dataKey: Buffer): Promise<Buffer> {
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(this.keyId));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async unwrap(wrapped: Buffer): Promise<Buffer> {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, IV));
    decipher.setAAD(Buffer.from(this.keyId));
    decipher.setAuthTag(wrapped.subarray(IV, IV + TAG));
    return Buffer.concat([decipher.update(wrapped.subarray(IV + TAG)), decipher.final()]);
  }
}
