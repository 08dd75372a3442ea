import pg from 'pg';

/** For reading tools (the CLI): no migrations (and no TypeORM to load), only the app role's pool. */
export function openArchiveReader(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  return pool;
}
