import { appendOnlyGuard, appendOnlyStatements } from '@casenet/audit-log';
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
        prevhash        text,
        content_hash    text,
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
    await queryRunner.query(appendOnlyGuard('audit_append_only', 'the audit archive is append-only'));
    for (const table of ['archive', 'checkpoints']) {
      for (const statement of appendOnlyStatements(table, 'audit_append_only')) await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE checkpoints');
    await queryRunner.query('DROP TABLE archive');
    await queryRunner.query('DROP FUNCTION audit_append_only');
  }
}
