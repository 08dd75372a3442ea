import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { localSubjectKeyVault, type PostgresSubjectKeyVault, SubjectSealer } from '@casenet/privacy';
import pg from 'pg';

/** The service's connection to the subject key vault, closed with the application. */
export class KeyVaultConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pool: pg.Pool;
  private readonly vault: PostgresSubjectKeyVault;
  readonly sealer: SubjectSealer;

  constructor(url: string, masterKey: string, kekDir: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
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
