import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The auditors' own copy of every message, and signed checkpoints over it; both append-only. */
export class Archive1763700000900 implements MigrationInterface {
  name = 'Archive1763700000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE archive (
        id              bigserial PRIMARY KEY,
        topic           text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset    bigint NOT NULL,
        event_id        text,
        event_type      text,
        caseref         text,
        signer          text,
        chainseq        bigint,
        event_time      timestamptz,
        payload         bytea NOT NULL,
        archived_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic, kafka_partition, kafka_offset)
      )`);
    await queryRunner.query('CREATE INDEX archive_caseref ON archive (caseref, event_time)');
    await queryRunner.query(`
      CREATE TABLE checkpoints (
        id           bigserial PRIMARY KEY,
        first_id     bigint NOT NULL,
        last_id      bigint NOT NULL,
        events       integer NOT NULL,
        merkle_root  text NOT NULL,
        signing_key  text NOT NULL,
        signature    text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (first_id)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit archive is append-only'; END $$`);
    for (const table of ['archive', 'checkpoints']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
      await queryRunner.query(`
        DO $$ DECLARE grantee_name text; BEGIN
          FOR grantee_name IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
                              WHERE table_name = '${table}' AND grantee <> current_user LOOP
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM %I', grantee_name);
          END LOOP;
        END $$`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE checkpoints');
    await queryRunner.query('DROP TABLE archive');
    await queryRunner.query('DROP FUNCTION audit_append_only');
  }
}
