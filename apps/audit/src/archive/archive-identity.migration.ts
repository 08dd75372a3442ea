import { appendOnlyStatements } from '@casenet/audit-log';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity of an archived message, as SQL over its columns (the archiver computes the same in code). */
const IDENTITY_SQL = `CASE
  WHEN topic NOT LIKE '%.dead-letter' AND signer IS NOT NULL AND chainseq IS NOT NULL THEN signer || '#' || chainseq
  ELSE 'bytes:' || topic || ':' || encode(pg_catalog.sha256(payload), 'hex') END`;

/**
 * The archive keyed by what a message is, not where a broker put it: a chain event by its
 * producer and position, a chain head by its producer and count, anything else (dead letters,
 * malformed bytes) by its topic and content hash. A broker reset reuses offsets; it no longer
 * shadows events. A second, different content under one identity goes to `archive_conflicts`.
 *
 * Rows already archived keep their ids (checkpoints cover them): a row whose identity an earlier
 * row already holds is marked `duplicate_of` it and stays, so verification still sees both.
 */
export class ArchiveIdentity1764520000900 implements MigrationInterface {
  name = 'ArchiveIdentity1764520000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE archive ADD COLUMN identity text, ADD COLUMN headseq bigint, ADD COLUMN duplicate_of bigint');
    await queryRunner.query('ALTER TABLE archive DROP CONSTRAINT archive_topic_kafka_partition_kafka_offset_key');
    // The schema owner backfills its new columns; the append-only trigger is back on before commit.
    await queryRunner.query('ALTER TABLE archive DISABLE TRIGGER archive_no_change');
    await queryRunner.query(`UPDATE archive SET identity = ${IDENTITY_SQL}`);
    await queryRunner.query(`
      UPDATE archive a SET duplicate_of = f.first
      FROM (SELECT identity, min(id) AS first FROM archive GROUP BY identity HAVING count(*) > 1) f
      WHERE a.identity = f.identity AND a.id > f.first`);
    await queryRunner.query('ALTER TABLE archive ENABLE TRIGGER archive_no_change');
    await queryRunner.query('ALTER TABLE archive ALTER COLUMN identity SET NOT NULL');
    await queryRunner.query('CREATE UNIQUE INDEX archive_identity ON archive (identity) WHERE duplicate_of IS NULL');
    await queryRunner.query('CREATE INDEX archive_coordinates ON archive (topic, kafka_partition, kafka_offset)');
    await queryRunner.query(`
      CREATE TABLE archive_conflicts (
        id              bigserial PRIMARY KEY,
        identity        text NOT NULL,
        topic           text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset    bigint NOT NULL,
        payload         bytea NOT NULL,
        archived_at     timestamptz NOT NULL DEFAULT now()
      )`);
    for (const statement of appendOnlyStatements('archive_conflicts', 'audit_append_only')) await queryRunner.query(statement);
    // Version 2 checkpoints attest coordinates, head counts and archive times, and chain to the previous root.
    await queryRunner.query('ALTER TABLE checkpoints ADD COLUMN leaf_version smallint NOT NULL DEFAULT 1, ADD COLUMN prev_root text');
    await queryRunner.query('ALTER TABLE checkpoints ALTER COLUMN leaf_version SET DEFAULT 2');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE checkpoints DROP COLUMN leaf_version, DROP COLUMN prev_root');
    await queryRunner.query('DROP TABLE archive_conflicts');
    await queryRunner.query('DROP INDEX archive_coordinates');
    await queryRunner.query('DROP INDEX archive_identity');
    await queryRunner.query('ALTER TABLE archive DROP COLUMN identity, DROP COLUMN headseq, DROP COLUMN duplicate_of');
    await queryRunner.query('ALTER TABLE archive ADD UNIQUE (topic, kafka_partition, kafka_offset)');
  }
}
