import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { localSubjectKeyVault, type PostgresSubjectKeyVault, SubjectSealer } from '@casenet/privacy';
import pg from 'pg';
import type { ServiceMetrics } from './metrics/service.metrics.js';

/** The service's connection to the subject key vault, closed with the application. */
export class KeyVaultConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly vault: PostgresSubjectKeyVault;
  readonly sealer: SubjectSealer;

  constructor(url: string, masterKey: string, kekDir: string, metrics: ServiceMetrics) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, Client: metrics.countingClient('key_vault') });
    // Its wait queue counts for shedding like the database's: a seal waits on it inside a request.
    metrics.watchPool('key_vault', this.pool);
    this.pool.on('error', () => undefined); // an idle client dropped; the next query reconnects
    this.vault = localSubjectKeyVault(this.pool, masterKey, kekDir);
    this.sealer = new SubjectSealer(this.vault);
  }

  /** Data keys from before key-encryption keys move under one before the service serves. */
  async onApplicationBootstrap(): Promise<void> {
    await this.vault.upgrade();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
