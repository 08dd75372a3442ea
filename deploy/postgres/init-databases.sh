#!/bin/sh
# One database per agency with two login roles of its own, so that no service can read another
# agency's tables and a service at run time cannot change its own schema (the same layout
# libs/testing/src/infra/postgres.ts makes for dev and tests):
#
#   <agency>_migrator  owns the database casenet_<agency> and its schema public; runs the
#                      migrations (DDL). Services use it only at start, via DATABASE_MIGRATION_URL.
#   <agency>           the app role the service serves with (DATABASE_URL): CONNECT to its own
#                      database, USAGE on public, SELECT/INSERT/UPDATE/DELETE on the tables and
#                      USAGE/SELECT on the sequences the migrator creates (default privileges).
#                      It cannot CREATE, ALTER or DROP anything.
#
# Nobody else may connect (REVOKE ALL ON DATABASE ... FROM PUBLIC), and nobody but the migrator
# may create objects in public (REVOKE CREATE ON SCHEMA public FROM PUBLIC).
#
# The audit archive, casenet_audit (apps/audit), follows the same layout with audit_migrator
# (owner) and audit (the archiver's app role, AUDIT_DATABASE_URL). The archive's migration revokes
# UPDATE, DELETE and TRUNCATE on its tables from the app role (and triggers refuse them), so the
# archive is append-only; on a re-run this script therefore grants the audit role only SELECT and
# INSERT on tables that already exist, never giving those privileges back.
#
# Then the subject key vault, casenet_keyvault (libs/privacy/src/crypto/subject-key-vault.ts): one
# data key per child, shared by the agencies that hold that child's data, so that erasing it makes
# the child's data unreadable in every database and every event. It holds random keys (wrapped
# under MASTER_KEY) indexed by pseudonyms, nothing about any child. Production: a KMS plays this
# part behind the KeyProvider interface. Same two-role layout, but the grants are fixed (the same
# as provisionKeyVault in libs/testing/src/infra/postgres.ts):
#
#   keyvault_migrator  owns casenet_keyvault, its schema public and the table subject_keys, which
#                      this script creates (there are no vault migrations).
#   keyvault           the role schools, municipality and police connect with (KEY_VAULT_URL):
#                      CONNECT, USAGE on public, SELECT and INSERT on subject_keys, and UPDATE of
#                      the columns wrapped_key and erased_at only (erasure). Nothing else: no
#                      DELETE, no DDL, no default privileges on anything created later.
#
# Run by the postgres image's entrypoint from /docker-entrypoint-initdb.d, once, on the first
# start with an empty data volume; later password changes need ALTER ROLE (or a fresh volume).
# Passwords: <AGENCY>_DB_PASSWORD (app role) and <AGENCY>_MIGRATOR_PASSWORD (migrator), e.g.
# SCHOOLS_DB_PASSWORD and SCHOOLS_MIGRATOR_PASSWORD, AUDIT_DB_PASSWORD and AUDIT_MIGRATOR_PASSWORD
# for the audit archive, and KEYVAULT_DB_PASSWORD and KEYVAULT_MIGRATOR_PASSWORD for the vault,
# set in docker-compose.yml.
#
# Idempotent, so re-running it by hand is harmless (existing roles keep their passwords). It also
# converts a database of the earlier layout, where the app role owned everything: ownership of
# the database, the schema and the tables, views and sequences in public moves to the migrator,
# and the app role gets its row privileges on what exists already.
#
# The entrypoint executes this file when it is executable and sources it otherwise; it is
# written to work either way (no `set -u`, which would leak into the entrypoint's shell).
set -e

keyvault_password="$(printenv KEYVAULT_DB_PASSWORD || true)"
keyvault_migrator_password="$(printenv KEYVAULT_MIGRATOR_PASSWORD || true)"
if [ -z "$keyvault_password" ] || [ -z "$keyvault_migrator_password" ]; then
  echo "init-databases: KEYVAULT_DB_PASSWORD and KEYVAULT_MIGRATOR_PASSWORD must both be set; refusing to create the key vault roles without passwords" >&2
  exit 1
fi

# Every password is checked before anything is created.
for agency in schools municipality police health court audit; do
  upper="$(printf '%s' "$agency" | tr '[:lower:]' '[:upper:]')"
  if [ -z "$(printenv "${upper}_DB_PASSWORD" || true)" ] || [ -z "$(printenv "${upper}_MIGRATOR_PASSWORD" || true)" ]; then
    echo "init-databases: ${upper}_DB_PASSWORD and ${upper}_MIGRATOR_PASSWORD must both be set; refusing to create the $agency roles without passwords" >&2
    exit 1
  fi
done

# The five agencies, then the audit archive (same layout).
for agency in schools municipality police health court audit; do
  upper="$(printf '%s' "$agency" | tr '[:lower:]' '[:upper:]')"
  password="$(printenv "${upper}_DB_PASSWORD")"
  migrator_password="$(printenv "${upper}_MIGRATOR_PASSWORD")"
  # Row privileges on tables that exist already. The audit archive is append-only: its migration
  # revoked UPDATE and DELETE from the app role, and a re-run must not grant them back.
  if [ "$agency" = audit ]; then
    existing_table_privileges='SELECT, INSERT'
  else
    existing_table_privileges='SELECT, INSERT, UPDATE, DELETE'
  fi

  echo "init-databases: roles $agency (app) and ${agency}_migrator (owner), database casenet_$agency"
  # psql variables (:'x' literal, :"x" identifier) quote the values; the heredoc is quoted so
  # the shell leaves them alone. CREATE DATABASE cannot run inside a transaction: \gexec runs
  # each generated statement on its own. Default privileges and schema grants are per database,
  # hence the \connect.
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=app="$agency" --set=app_password="$password" \
    --set=migrator="${agency}_migrator" --set=migrator_password="$migrator_password" \
    --set=database="casenet_$agency" --set=existing_table_privileges="$existing_table_privileges" <<'SQL'
-- Roles: both can log in; neither may create databases or roles or bypass anything.
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'migrator', :'migrator_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'migrator') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app', :'app_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"migrator" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- The database belongs to the migrator; the app role may only connect to it.
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'migrator')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"migrator";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
REVOKE ALL ON DATABASE :"database" FROM :"app";
GRANT CONNECT ON DATABASE :"database" TO :"app";

\connect :"database"
-- The schema belongs to the migrator too; nobody else may create objects in it.
ALTER SCHEMA public OWNER TO :"migrator";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM :"app";
GRANT USAGE ON SCHEMA public TO :"app";

-- Earlier layout: objects the app role owns move to the migrator. ALTER TABLE moves a table's
-- indexes and the sequences of its serial/identity columns with it; those sequences are left
-- out here (they cannot be altered on their own).
SELECT format('ALTER %s public.%I OWNER TO %I',
              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                             WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
              c.relname, :'migrator')
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = :'app')
   AND NOT (c.relkind = 'S' AND EXISTS (
         SELECT FROM pg_depend d
          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
 ORDER BY c.relkind = 'S', c.relname \gexec

-- What the app role may do with rows: on what the migrator creates from now on (default
-- privileges, per creating role and schema) and on what exists already (:existing_table_privileges
-- is a fixed list from the script: all four for an agency, SELECT and INSERT for the archive).
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
GRANT :existing_table_privileges ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
SQL
done

# The subject key vault (its passwords were checked before the agencies).
echo "init-databases: roles keyvault (app) and keyvault_migrator (owner), database casenet_keyvault"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --set=app=keyvault --set=app_password="$keyvault_password" \
  --set=migrator=keyvault_migrator --set=migrator_password="$keyvault_migrator_password" \
  --set=database=casenet_keyvault <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'migrator', :'migrator_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'migrator') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app', :'app_password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"migrator" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'migrator')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"migrator";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
REVOKE ALL ON DATABASE :"database" FROM :"app";
GRANT CONNECT ON DATABASE :"database" TO :"app";

\connect :"database"
ALTER SCHEMA public OWNER TO :"migrator";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM :"app";
GRANT USAGE ON SCHEMA public TO :"app";

-- The table, created by its owner. Keep it identical to VAULT_SCHEMA in
-- libs/privacy/src/crypto/subject-key-vault.ts.
SET ROLE :"migrator";
CREATE TABLE IF NOT EXISTS subject_keys (
  subject     text NOT NULL,
  version     integer NOT NULL,
  wrapped_key bytea,
  key_id      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  erased_at   timestamptz,
  PRIMARY KEY (subject, version),
  CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
ALTER TABLE subject_keys ADD COLUMN IF NOT EXISTS kek_version integer;
CREATE TABLE IF NOT EXISTS key_encryption_keys (
  version      integer PRIMARY KEY,
  key_ref      text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz
);
CREATE INDEX IF NOT EXISTS subject_keys_live ON subject_keys (kek_version) WHERE wrapped_key IS NOT NULL;
RESET ROLE;
-- A table made by someone else earlier (e.g. by hand as postgres) moves to the migrator.
ALTER TABLE subject_keys OWNER TO :"migrator";
ALTER TABLE key_encryption_keys OWNER TO :"migrator";

-- Exactly these grants: revoking ALL on the table also revokes every column privilege.
REVOKE ALL ON subject_keys FROM PUBLIC;
REVOKE ALL ON subject_keys FROM :"app";
GRANT SELECT, INSERT, UPDATE (wrapped_key, erased_at, key_id, kek_version) ON subject_keys TO :"app";
REVOKE ALL ON key_encryption_keys FROM PUBLIC;
REVOKE ALL ON key_encryption_keys FROM :"app";
GRANT SELECT, INSERT, UPDATE (destroyed_at) ON key_encryption_keys TO :"app";
SQL
