import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { VAULT_GRANTS, VAULT_SCHEMA } from '@casenet/privacy';
import { dockerAvailable } from './docker.js';

export interface PostgresServer {
  adminUrl: string;
  source: 'DATABASE_URL' | 'local server' | 'testcontainers';
  stop(): Promise<void>;
}

const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function startLocalCluster(): boolean {
  if (!existsSync('/etc/postgresql')) return false;
  const [version] = readdirSync('/etc/postgresql');
  if (!version) return false;
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL server to create the services' databases on: DATABASE_URL when set (it always
 * wins), else the local server (started if installed but down), else a testcontainers one.
 */
export async function resolvePostgres(): Promise<PostgresServer> {
  const explicit = process.env.DATABASE_URL;
  if (explicit) {
    if (!(await canConnect(explicit))) throw new Error(`DATABASE_URL is set but cannot be reached: ${redact(explicit)}`);
    return { adminUrl: explicit, source: 'DATABASE_URL', stop: async () => undefined };
  }
  if (await canConnect(LOCAL_ADMIN_URL)) return { adminUrl: LOCAL_ADMIN_URL, source: 'local server', stop: async () => undefined };
  if (startLocalCluster()) {
    for (let i = 0; i < 30 && !(await canConnect(LOCAL_ADMIN_URL)); i += 1) await new Promise((r) => setTimeout(r, 500));
    if (await canConnect(LOCAL_ADMIN_URL)) return { adminUrl: LOCAL_ADMIN_URL, source: 'local server', stop: async () => undefined };
  }
  if (await dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    return { adminUrl: container.getConnectionUri(), source: 'testcontainers', stop: async () => void (await container.stop()) };
  }
  throw new Error('No PostgreSQL: set DATABASE_URL, install PostgreSQL locally (127.0.0.1:5432, trust auth for local users), or provide a Docker engine.');
}

export interface ServiceDatabase {
  /** The app role: reads and writes rows, no DDL. What the service serves with. */
  url: string;
  /** The migrator role: owns the schema; used only to migrate at start. */
  migrationUrl: string;
}
export type ServiceDatabases = Record<Agency, ServiceDatabase>;

async function ensureRole(admin: pg.Client, role: string, password: string): Promise<void> {
  await admin.query(
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN PASSWORD '${password}';
       ELSE ALTER ROLE ${role} LOGIN PASSWORD '${password}'; END IF;
     END $$`,
  );
}

function urlFor(adminUrl: string, role: string, password: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * One database per agency with two roles of its own: `<agency>_migrator` owns it and runs the
 * migrations; `<agency>` is what the service runs as, with row access and no DDL. No role can
 * connect to another agency's database. `namespace` keeps runs apart on a shared server.
 */
export async function provisionServiceDatabases(adminUrl: string, namespace: string, agencies: readonly Agency[] = AGENCIES): Promise<ServiceDatabases> {
  const databases = {} as ServiceDatabases;
  for (const agency of agencies) databases[agency] = await provisionDatabase(adminUrl, namespace, agency);
  return databases;
}

/** One database with its migrator (owner) and app (rows only) roles, named after `owner`. */
export async function provisionDatabase(adminUrl: string, namespace: string, owner: string): Promise<ServiceDatabase> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(namespace)) throw new Error(`database namespace must be a lower-case identifier: ${namespace}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const [app, migrator, database] = [owner, `${owner}_migrator`, `${namespace}_${owner}`];
    const [appPassword, migratorPassword] = [`casenet-dev-${owner}`, `casenet-dev-${owner}-migrator`];
    await ensureRole(admin, app, appPassword);
    await ensureRole(admin, migrator, migratorPassword);
    const exists = await admin.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
    if (exists.rows[0] && exists.rows[0].owner !== migrator) {
      // Made by an earlier layout (app role as owner): start it afresh rather than half-migrate it.
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    }
    if (!exists.rows[0] || exists.rows[0].owner !== migrator) {
      await admin.query(`CREATE DATABASE ${database} OWNER ${migrator}`);
      await admin.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT ON DATABASE ${database} TO ${app}`);
      const adminInside = new URL(adminUrl);
      adminInside.pathname = `/${database}`;
      const inside = new pg.Client({ connectionString: adminInside.toString() });
      await inside.connect();
      try {
        await inside.query(`ALTER SCHEMA public OWNER TO ${migrator}`);
        await inside.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
        await inside.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
        await inside.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
        await inside.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${migrator} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
      } finally {
        await inside.end();
      }
    }
    return { url: urlFor(adminUrl, app, appPassword, database), migrationUrl: urlFor(adminUrl, migrator, migratorPassword, database) };
  } finally {
    await admin.end();
  }
}

/**
 * The subject key vault's database (the local stand-in for a KMS): owned by a migrator role;
 * services use the `keyvault` role, which can read, add and destroy keys but not change the schema.
 */
export async function provisionKeyVault(adminUrl: string, namespace: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  const database = `${namespace}_keyvault`;
  await admin.connect();
  try {
    await ensureRole(admin, 'keyvault', 'casenet-dev-keyvault');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT ON DATABASE ${database} TO keyvault`);
    }
  } finally {
    await admin.end();
  }
  const adminOfVault = new URL(adminUrl);
  adminOfVault.pathname = `/${database}`;
  const inside = new pg.Client({ connectionString: adminOfVault.toString() });
  await inside.connect();
  try {
    await inside.query(VAULT_SCHEMA);
    await inside.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await inside.query('GRANT USAGE ON SCHEMA public TO keyvault');
    for (const grant of VAULT_GRANTS) await inside.query(grant);
  } finally {
    await inside.end();
  }
  return urlFor(adminUrl, 'keyvault', 'casenet-dev-keyvault', database);
}

export async function dropServiceDatabases(adminUrl: string, namespace: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of [...AGENCIES, 'keyvault', 'audit']) await admin.query(`DROP DATABASE IF EXISTS ${namespace}_${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function redact(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]+@/, '://$1:***@');
}
