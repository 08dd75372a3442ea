/**
 * SQL that makes a table append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for anyone,
 * and every role but the owner loses those privileges (the app roles got them by default).
 * `guard` is the trigger function, created once per database.
 */
export function appendOnlyStatements(table: string, guard: string): string[] {
  return [
    `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${guard}()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${guard}()`,
    `DO $$ DECLARE grantee_name text; BEGIN
       FOR grantee_name IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                           WHERE table_name = '${table}' AND grantee <> current_user LOOP
         EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM %I', grantee_name);
       END LOOP;
     END $$`,
  ];
}

export function appendOnlyGuard(name: string, message: string): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`;
}
