import canonicalize from 'canonicalize';
import { createPrivateKey, createPublicKey, hash, type KeyObject, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The chain attributes every published event carries (CloudEvents extensions). */
export interface ChainAttributes {
  /** Position in its producer's chain, from 1. */
  chainseq: number;
  /** Content hash of the producer's previous event, or GENESIS for the first. */
  prevhash: string;
  /** Id of the key in the trust list that signed it. */
  signingkey: string;
  /** Ed25519 over the canonical (RFC 8785) JSON of the event without this attribute, base64. */
  signature: string;
}

export const GENESIS = '0'.repeat(64);

export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

/** What the producer signed and what the next event chains to. */
export function withoutSignature(event: object): Record<string, unknown> {
  const { signature: _signature, ...rest } = event as Record<string, unknown>;
  return rest;
}

export function sha256Hex(bytes: Buffer): string {
  // One-shot: a third of createHash's cost, which shows when every event of a log is hashed.
  return hash('sha256', bytes, 'hex');
}

/** What the producer signed and what the next event chains to: the event without its signature. */
export function contentHash(event: object): string {
  return sha256Hex(canonicalBytes(withoutSignature(event)));
}

/** An agency's private signing key. */
export class SigningKey {
  constructor(
    readonly keyId: string,
    private readonly key: KeyObject,
  ) {}

  static fromPemFile(keyId: string, file: string): SigningKey {
    return new SigningKey(keyId, createPrivateKey(readFileSync(file)));
  }

  /** Adds the chain attributes and the signature. */
  seal<T extends Record<string, unknown>>(event: T, chainseq: number, prevhash: string): T & ChainAttributes {
    const unsigned = { ...event, chainseq, prevhash, signingkey: this.keyId };
    const signature = sign(null, canonicalBytes(unsigned), this.key).toString('base64');
    return { ...unsigned, signature };
  }

  sign(bytes: Buffer): string {
    return sign(null, bytes, this.key).toString('base64');
  }
}

export interface TrustedKey {
  keyId: string;
  /** The agency (or `audit`) the key speaks for. */
  owner: string;
  publicKey: KeyObject;
}

/** Public keys the verifier accepts, each bound to the one producer it speaks for. */
export class TrustList {
  private readonly keys = new Map<string, TrustedKey>();

  constructor(keys: TrustedKey[]) {
    for (const key of keys) this.keys.set(key.keyId, key);
  }

  static fromFile(file: string): TrustList {
    const document = JSON.parse(readFileSync(file, 'utf8')) as { keys: { keyId: string; owner: string; publicKeyPem: string }[] };
    return new TrustList(document.keys.map((k) => ({ keyId: k.keyId, owner: k.owner, publicKey: createPublicKey(k.publicKeyPem) })));
  }

  get(keyId: string): TrustedKey | undefined {
    return this.keys.get(keyId);
  }

  /** `undefined` when valid; otherwise why not. */
  check(event: Record<string, unknown>, expectedOwner: string): 'unknown-signer' | 'bad-signature' | undefined {
    return this.checkContent(canonicalBytes(withoutSignature(event)), event, expectedOwner);
  }

  /** `check` for a caller that already holds the event's canonical bytes without its signature. */
  checkContent(content: Buffer, event: Record<string, unknown>, expectedOwner: string): 'unknown-signer' | 'bad-signature' | undefined {
    const keyId = event.signingkey;
    const trusted = typeof keyId === 'string' ? this.keys.get(keyId) : undefined;
    if (!trusted || trusted.owner !== expectedOwner) return 'unknown-signer';
    if (typeof event.signature !== 'string') return 'bad-signature';
    return verify(null, content, trusted.publicKey, Buffer.from(event.signature, 'base64')) ? undefined : 'bad-signature';
  }

  verifyDetached(bytes: Buffer, signature: string, keyId: string, expectedOwner: string): boolean {
    const trusted = this.keys.get(keyId);
    return !!trusted && trusted.owner === expectedOwner && verify(null, bytes, trusted.publicKey, Buffer.from(signature, 'base64'));
  }
}
