import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What this service published, signed and chained, kept append-only: the app role may insert
 * and read but not update, delete or truncate, and a trigger refuses it for anyone else too.
 */
export class Ledger1763700000001 implements MigrationInterface {
  name = 'Ledger1763700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ledger (
        seq         bigint PRIMARY KEY CHECK (seq > 0),
        event_id    text NOT NULL UNIQUE,
        topic       text NOT NULL,
        event_type  text NOT NULL,
        caseref     text NOT NULL,
        prevhash    text NOT NULL,
        hash        text NOT NULL,
        payload     bytea NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await queryRunner.query(`CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    await queryRunner.query(`
      DO $$ DECLARE grantee_name text; BEGIN
        FOR grantee_name IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                            WHERE table_name = 'ledger' AND grantee <> current_user LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ledger FROM %I', grantee_name);
        END LOOP;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger');
    await queryRunner.query('DROP FUNCTION ledger_append_only');
  }
}
