import type { OnApplicationShutdown } from '@nestjs/common';
import { LocalMasterKeyProvider, PostgresSubjectKeyVault, SubjectSealer } from '@casenet/privacy';
import pg from 'pg';

/** The service's connection to the subject key vault, closed with the application. */
export class KeyVaultConnection implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  readonly sealer: SubjectSealer;

  constructor(url: string, masterKey: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', () => undefined); // an idle client dropped; the next query reconnects
    this.sealer = new SubjectSealer(new PostgresSubjectKeyVault(this.pool, LocalMasterKeyProvider.fromBase64(masterKey)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
