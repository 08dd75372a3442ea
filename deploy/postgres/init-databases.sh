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
# Run by the postgres image's entrypoint from /docker-entrypoint-initdb.d, once, on the first
# start with an empty data volume; later password changes need ALTER ROLE (or a fresh volume).
# Passwords: <AGENCY>_DB_PASSWORD (app role) and <AGENCY>_MIGRATOR_PASSWORD (migrator), e.g.
# SCHOOLS_DB_PASSWORD and SCHOOLS_MIGRATOR_PASSWORD, set in docker-compose.yml.
#
# Idempotent, so re-running it by hand is harmless (existing roles keep their passwords). It also
# converts a database of the earlier layout, where the app role owned everything: ownership of
# the database, the schema and the tables, views and sequences in public moves to the migrator,
# and the app role gets its row privileges on what exists already.
#
# The entrypoint executes this file when it is executable and sources it otherwise; it is
# written to work either way (no `set -u`, which would leak into the entrypoint's shell).
set -e

for agency in schools municipality police health court; do
  upper="$(printf '%s' "$agency" | tr '[:lower:]' '[:upper:]')"
  password="$(printenv "${upper}_DB_PASSWORD" || true)"
  migrator_password="$(printenv "${upper}_MIGRATOR_PASSWORD" || true)"
  if [ -z "$password" ] || [ -z "$migrator_password" ]; then
    echo "init-databases: ${upper}_DB_PASSWORD and ${upper}_MIGRATOR_PASSWORD must both be set; refusing to create the $agency roles without passwords" >&2
    exit 1
  fi

  echo "init-databases: roles $agency (app) and ${agency}_migrator (owner), database casenet_$agency"
  # psql variables (:'x' literal, :"x" identifier) quote the values; the heredoc is quoted so
  # the shell leaves them alone. CREATE DATABASE cannot run inside a transaction: \gexec runs
  # each generated statement on its own. Default privileges and schema grants are per database,
  # hence the \connect.
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=app="$agency" --set=app_password="$password" \
    --set=migrator="${agency}_migrator" --set=migrator_password="$migrator_password" \
    --set=database="casenet_$agency" <<'SQL'
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
-- privileges, per creating role and schema) and on what exists already.
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
SQL
done
