#!/bin/sh
# One database per agency, owned by that agency's own login role, so no service can read
# another's tables (the same layout libs/testing/src/infra/postgres.ts makes for dev and tests).
#
# Run by the postgres image's entrypoint from /docker-entrypoint-initdb.d, once, on the first
# start with an empty data volume; later password changes need ALTER ROLE (or a fresh volume).
# Passwords come from <AGENCY>_DB_PASSWORD (e.g. SCHOOLS_DB_PASSWORD), set in docker-compose.yml.
# The statements are idempotent, so re-running the script by hand is harmless.
#
# The entrypoint executes this file when it is executable and sources it otherwise; it is
# written to work either way (no `set -u`, which would leak into the entrypoint's shell).
set -e

for agency in schools municipality police health court; do
  password_var="$(printf '%s' "$agency" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="$(printenv "$password_var" || true)"
  if [ -z "$password" ]; then
    echo "init-databases: $password_var is not set; refusing to create role $agency without a password" >&2
    exit 1
  fi

  echo "init-databases: role $agency, database casenet_$agency"
  # psql variables (:'x' literal, :"x" identifier) quote the values; the heredoc is quoted so
  # the shell leaves them alone. CREATE DATABASE cannot run inside a transaction: \gexec runs
  # each generated statement on its own.
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=role="$agency" --set=password="$password" --set=database="casenet_$agency" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
done
