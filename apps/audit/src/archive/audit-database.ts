import pg from 'pg';
import { DataSource } from 'typeorm';
import { ArchiveIdentity1764520000900 } from './archive-identity.migration.js';
import { Archive1763700000900 } from './archive.migration.js';

/** Migrates the archive (as its owner when a migration URL is given) and opens a pool as the app role. */
export async function openAuditDatabase(url: string, migrationUrl?: string): Promise<pg.Pool> {
  const migrator = new DataSource({
    type: 'postgres',
    url: migrationUrl ?? url,
    migrations: [Archive1763700000900, ArchiveIdentity1764520000900],
    migrationsTransactionMode: 'all',
  });
  await migrator.initialize();
  try {
    await migrator.runMigrations({ transaction: 'all' });
  } finally {
    await migrator.destroy();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}
