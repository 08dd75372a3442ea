import { LRUCache } from 'lru-cache';
import type { KeyLookup, SubjectDataKey, SubjectKeyVault } from './subject-key-vault.js';

/** What the cache reads through to: the vault on PostgreSQL (PostgresSubjectKeyVault). */
export interface KeyVaultSource extends Pick<SubjectKeyVault, 'currentKey' | 'eraseAll'> {
  lookup(subject: string, version: number): Promise<KeyLookup>;
  forgetKeyEncryptionKey(): void;
}

export interface KeyCacheOptions {
  /**
   * The bound: a key read from the vault is used for at most this long after the read began,
   * so an erasure whose notification never arrived still stops it within this time.
   */
  maxAgeMs: number;
  /** Entries kept (a key version, a current version, or an erased version), least recently used out first. */
  maxEntries: number;
}

/** Five seconds: long enough to serve a report's whole trip through a service, short enough for the DPO to wait for. */
export const DEFAULT_KEY_CACHE_MAX_AGE_MS = 5_000;
/** About 2 MB of keys and bookkeeping: memory stays flat whatever the number of children. */
export const DEFAULT_KEY_CACHE_MAX_ENTRIES = 10_000;

/**
 * How long after an erasure committed a service may still hold an erased key in memory: stale
 * entries are purged (and zeroed) every quarter of the max age, and the timer may be a little late.
 */
export function keyCacheDropBoundMs(maxAgeMs: number): number {
  return maxAgeMs === 0 ? 0 : Math.ceil(maxAgeMs * 1.25) + 250;
}

type Entry = { key: Buffer } | { current: number } | { erased: true };
const ERASED_ENTRY: Entry = Object.freeze({ erased: true as const });

export interface KeyCacheStats {
  hits: number;
  misses: number;
  entries: number;
  invalidations: number;
}

/**
 * The vault with unwrapped data keys kept in memory (ADR 0029). Erasure-safe: an erased
 * subject's entries go as soon as the `subject_erased` notification arrives (`forget`), every
 * entry expires `maxAgeMs` after the vault read that produced it began, and a lost listener
 * clears everything when it reconnects (`clear`). Erased versions are cached without expiry:
 * an erased key never comes back, so that answer cannot outlive the truth.
 *
 * Keys handed out are the cached buffers, zeroed shortly after they leave the cache: use one
 * before your next `await` (the sealer does), never keep it.
 */
export class CachingSubjectKeyVault implements SubjectKeyVault {
  private readonly cache: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly purge: NodeJS.Timeout;
  // Bumped by every invalidation: a read that began before one must not fill the cache.
  private generation = 0;
  private counts = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    private readonly source: KeyVaultSource,
    private readonly options: KeyCacheOptions,
  ) {
    if (!Number.isInteger(options.maxAgeMs) || options.maxAgeMs <= 0) throw new Error('the key cache needs a positive integer max age');
    this.cache = new LRUCache<string, Entry>({
      max: options.maxEntries,
      ttl: options.maxAgeMs,
      ttlResolution: 0,
      // Deferred past the current synchronous step, in which a caller may still be using it.
      dispose: (entry) => {
        if ('key' in entry) setImmediate(() => entry.key.fill(0));
      },
    });
    this.purge = setInterval(() => this.cache.purgeStale(), Math.max(1, Math.floor(options.maxAgeMs / 4))).unref();
  }

  async currentKey(subject: string): Promise<SubjectDataKey> {
    const current = this.fresh(`c:${subject}`);
    if (current && 'current' in current) {
      const key = this.fresh(`k:${subject}#${current.current}`);
      if (key && 'key' in key) return this.hit({ version: current.current, key: key.key });
    }
    return this.read(`c:${subject}`, async () => {
      const found = await this.source.currentKey(subject);
      return { value: found, entries: [[`c:${subject}`, { current: found.version }] as const, [`k:${subject}#${found.version}`, { key: found.key }] as const] };
    });
  }

  async key(subject: string, version: number): Promise<Buffer | undefined> {
    const cached = this.fresh(`k:${subject}#${version}`);
    if (cached && 'erased' in cached) return this.hit(undefined);
    if (cached && 'key' in cached) return this.hit(cached.key);
    return this.read(`k:${subject}#${version}`, async () => {
      const found = await this.source.lookup(subject, version);
      if (found === 'absent') return { value: undefined, entries: [] };
      if (found === 'erased') return { value: undefined, entries: [[`k:${subject}#${version}`, ERASED_ENTRY] as const] };
      return { value: found.key, entries: [[`k:${subject}#${version}`, found] as const] };
    });
  }

  async erase(subject: string): Promise<number> {
    return (await this.eraseAll([subject]))[subject] ?? 0;
  }

  async eraseAll(subjects: readonly string[]): Promise<Record<string, number>> {
    try {
      return await this.source.eraseAll(subjects);
    } finally {
      for (const subject of subjects) this.forget(subject);
    }
  }

  /** An erasure notification: the subject's keys go now, and the KEK the erasure retired with them. */
  forget(subject: string): void {
    this.invalidate();
    const prefix = [`c:${subject}`, `k:${subject}#`];
    const doomed = [...this.cache.keys()].filter((k) => k === prefix[0] || k.startsWith(prefix[1] as string));
    for (const key of doomed) {
      if (this.cache.peek(key, { allowStale: true }) !== ERASED_ENTRY) this.cache.delete(key);
    }
  }

  /** The listener reconnected: notifications may have been missed meanwhile. */
  clear(): void {
    this.invalidate();
    this.cache.clear();
  }

  stats(): KeyCacheStats {
    return { ...this.counts, entries: this.cache.size };
  }

  close(): void {
    clearInterval(this.purge);
    this.clear();
  }

  private invalidate(): void {
    this.generation += 1;
    this.counts.invalidations += 1;
    this.inflight.clear();
    this.source.forgetKeyEncryptionKey();
  }

  private fresh(key: string): Entry | undefined {
    return this.cache.get(key);
  }

  private hit<T>(value: T): T {
    this.counts.hits += 1;
    return value;
  }

  /**
   * One vault read per key at a time; its answer is cached only if no invalidation came while
   * it ran, with its age counted from the moment it began.
   */
  private read<T>(slot: string, fetch: () => Promise<{ value: T; entries: (readonly [string, Entry])[] }>): Promise<T> {
    const running = this.inflight.get(slot) as Promise<T> | undefined;
    if (running) return running;
    this.counts.misses += 1;
    const generation = this.generation;
    const start = performance.now();
    const promise = fetch()
      .then(({ value, entries }) => {
        if (generation === this.generation) {
          for (const [key, entry] of entries) this.cache.set(key, entry, { start, ttl: entry === ERASED_ENTRY ? 0 : this.options.maxAgeMs });
        }
        return value;
      })
      .finally(() => {
        if (this.inflight.get(slot) === promise) this.inflight.delete(slot);
      });
    this.inflight.set(slot, promise);
    return promise;
  }
}
