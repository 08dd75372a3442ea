import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { setImmediate as tick, setTimeout as sleep } from 'node:timers/promises';
import { CachingSubjectKeyVault, type KeyVaultSource } from './cached-subject-key-vault.js';
import type { KeyLookup, SubjectDataKey } from './subject-key-vault.js';

/**
 * The cache's own bookkeeping, against a scripted source that counts what reaches it. The
 * erasure paths against a real vault are in tests/key-cache.test.ts.
 */
class ScriptedSource implements KeyVaultSource {
  readonly keys = new Map<string, Buffer | 'erased'>();
  lookups = 0;
  keyEncryptionKeyForgotten = 0;
  gate?: Promise<void>;

  async currentKey(subject: string): Promise<SubjectDataKey> {
    const key = this.keys.get(`${subject}#1`);
    if (!(key instanceof Buffer)) throw new Error('no current key in this script');
    return { version: 1, key };
  }

  async lookup(subject: string, version: number): Promise<KeyLookup> {
    this.lookups += 1;
    await this.gate;
    const key = this.keys.get(`${subject}#${version}`);
    if (key === undefined) return 'absent';
    return key === 'erased' ? 'erased' : { key: Buffer.from(key) };
  }

  async eraseAll(): Promise<Record<string, number>> {
    return {};
  }

  forgetKeyEncryptionKey(): void {
    this.keyEncryptionKeyForgotten += 1;
  }
}

function setUp(maxAgeMs = 60_000, maxEntries = 100): { source: ScriptedSource; cache: CachingSubjectKeyVault } {
  const source = new ScriptedSource();
  return { source, cache: new CachingSubjectKeyVault(source, { maxAgeMs, maxEntries }) };
}

describe('CachingSubjectKeyVault', () => {
  it('answers a key version from memory after the first read, and the erased answer for good', async () => {
    const { source, cache } = setUp();
    const key = randomBytes(32);
    source.keys.set('a#1', key);
    source.keys.set('a#2', 'erased');
    for (let i = 0; i < 5; i += 1) expect(await cache.key('a', 1)).toEqual(key);
    for (let i = 0; i < 5; i += 1) expect(await cache.key('a', 2)).toBeUndefined();
    expect(source.lookups).toBe(2);
    // An erased version stays erased through a later erasure of the subject.
    cache.forget('a');
    expect(await cache.key('a', 2)).toBeUndefined();
    expect(source.lookups).toBe(2);
    cache.close();
  });

  it('does not cache a version the vault has never had', async () => {
    const { source, cache } = setUp();
    expect(await cache.key('a', 7)).toBeUndefined();
    source.keys.set('a#7', randomBytes(32));
    expect(await cache.key('a', 7)).toBeDefined();
    expect(source.lookups).toBe(2);
    cache.close();
  });

  it('forgets one subject on its erasure, with the KEK, and keeps the others', async () => {
    const { source, cache } = setUp();
    source.keys.set('a#1', randomBytes(32));
    source.keys.set('ab#1', randomBytes(32));
    await cache.key('a', 1);
    await cache.key('ab', 1);
    cache.forget('a');
    expect(source.keyEncryptionKeyForgotten).toBe(1);
    await cache.key('a', 1);
    await cache.key('ab', 1);
    expect(source.lookups).toBe(3);
    cache.close();
  });

  it('does not keep what a read brought back when an erasure was notified while it ran', async () => {
    const { source, cache } = setUp();
    source.keys.set('a#1', randomBytes(32));
    let open!: () => void;
    source.gate = new Promise((resolve) => (open = resolve));
    const pending = cache.key('a', 1);
    await tick();
    cache.forget('a');
    // A caller arriving after the notification does not share the read that began before it.
    const after = cache.key('a', 1);
    open();
    await pending;
    await after;
    expect(source.lookups).toBe(2);
    source.gate = undefined;
    await cache.key('a', 1);
    expect(source.lookups).toBe(2); // the second read, begun after the notification, was kept
    cache.close();
  });

  it('shares one vault read among concurrent callers', async () => {
    const { source, cache } = setUp();
    source.keys.set('a#1', randomBytes(32));
    await Promise.all(Array.from({ length: 10 }, () => cache.key('a', 1)));
    expect(source.lookups).toBe(1);
    cache.close();
  });

  it('reads again once the max age has passed', async () => {
    const { source, cache } = setUp(40);
    source.keys.set('a#1', randomBytes(32));
    await cache.key('a', 1);
    await cache.key('a', 1);
    expect(source.lookups).toBe(1);
    await sleep(60);
    await cache.key('a', 1);
    expect(source.lookups).toBe(2);
    cache.close();
  });

  it('keeps at most maxEntries and zeroes the keys it lets go', async () => {
    const { source, cache } = setUp(60_000, 3);
    const handedOut: Buffer[] = [];
    for (let i = 0; i < 6; i += 1) {
      source.keys.set(`s${i}#1`, randomBytes(32));
      handedOut.push((await cache.key(`s${i}`, 1)) as Buffer);
    }
    expect(cache.stats().entries).toBe(3);
    await tick();
    const zero = Buffer.alloc(32);
    expect(handedOut.slice(0, 3).every((key) => key.equals(zero))).toBe(true);
    expect(handedOut.slice(3).some((key) => key.equals(zero))).toBe(false);
    cache.close();
    await tick();
    expect(handedOut.every((key) => key.equals(zero))).toBe(true);
  });

  it('refuses a max age of zero: no cache is no CachingSubjectKeyVault', () => {
    expect(() => new CachingSubjectKeyVault(new ScriptedSource(), { maxAgeMs: 0, maxEntries: 1 })).toThrow(/positive/);
  });
});
