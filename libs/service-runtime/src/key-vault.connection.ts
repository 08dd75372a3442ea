import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  CachingSubjectKeyVault,
  type KeyCacheOptions,
  localSubjectKeyVault,
  type PostgresSubjectKeyVault,
  SubjectErasureListener,
  SubjectSealer,
} from '@casenet/privacy';
import pg from 'pg';
import type { ServiceMetrics } from './metrics/service.metrics.js';

/**
 * The service's connection to the subject key vault, closed with the application. Unwrapped
 * keys are cached (ADR 0029) unless `cache` is absent: a dedicated connection LISTENs for
 * erasures and drops the child's keys at once; the max age bounds a notification it missed.
 */
export class KeyVaultConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly vault: PostgresSubjectKeyVault;
  private readonly cache?: CachingSubjectKeyVault;
  private readonly listener?: SubjectErasureListener;
  readonly sealer: SubjectSealer;

  constructor(url: string, masterKey: string, kekDir: string, metrics: ServiceMetrics, cache?: KeyCacheOptions) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, Client: metrics.countingClient('key_vault') });
    // Its wait queue counts for shedding like the database's: a seal waits on it inside a request.
    metrics.watchPool('key_vault', this.pool);
    this.pool.on('error', () => undefined); // an idle client dropped; the next query reconnects
    this.vault = localSubjectKeyVault(this.pool, masterKey, kekDir, cache?.maxAgeMs);
    if (cache) {
      const cached = new CachingSubjectKeyVault(this.vault, cache);
      this.cache = cached;
      this.listener = new SubjectErasureListener(url, { erased: (subject) => cached.forget(subject), connected: () => cached.clear() });
    }
    this.sealer = new SubjectSealer(this.cache ?? this.vault);
  }

  /** Data keys from before key-encryption keys move under one before the service serves. */
  async onApplicationBootstrap(): Promise<void> {
    await this.vault.upgrade();
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
    this.cache?.close();
    this.vault.forgetKeyEncryptionKey();
    await this.pool.end();
  }
}
