import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SubjectKeyVault } from './subject-key-vault.js';

const PREFIX = 'sealed:v1:';
const IV = 12;
const TAG = 16;

/** What reading sealed data of an erased subject gives: the fact, not the data. */
export const ERASED = Object.freeze({ erased: true as const });
export type Erased = typeof ERASED;

export function isErased(value: unknown): value is Erased {
  return value === ERASED;
}

/**
 * Seals personal data under its subject's data key (AES-256-GCM, the subject as associated
 * data so a sealed value cannot be moved to another child). Format:
 * `sealed:v1:<key version>:<base64 iv|tag|ciphertext>`.
 */
export class SubjectSealer {
  constructor(private readonly vault: SubjectKeyVault) {}

  async seal(subject: string, value: unknown): Promise<string> {
    const { version, key } = await this.vault.currentKey(subject);
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(subject));
    const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
    return `${PREFIX}${version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** The value, or ERASED once the subject's key is gone. Throws on tampered or foreign data. */
  async open<T = unknown>(subject: string, sealed: string): Promise<T | Erased> {
    if (isExpired(sealed)) return ERASED;
    const match = /^sealed:v1:(\d+):([A-Za-z0-9+/=]+)$/.exec(sealed);
    if (!match) throw new Error('not a sealed value');
    const key = await this.vault.key(subject, Number(match[1]));
    if (!key) return ERASED;
    const raw = Buffer.from(match[2] as string, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
    decipher.setAAD(Buffer.from(subject));
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  erase(subject: string): Promise<number> {
    return this.vault.erase(subject);
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** What the retention job leaves in place of sealed data whose time is up. */
export function expiredMarker(at: Date): string {
  return `expired:${at.toISOString()}`;
}

export function isExpired(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('expired:');
}
