import { appendOnlyGuard, appendOnlyStatements } from '@casenet/audit-log';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log of caseworker reads (append-only, like the ledger). This migration also created
 * the deadlines table until the runtime split; it keeps the name databases have recorded it
 * under, so they do not run it again (the deadlines lib now creates its table if missing).
 */
export class AccessLogTable1763700000002 implements MigrationInterface {
  name = 'CoreTables1763700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_log (
        id        bigserial PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT now(),
        subject   text NOT NULL,
        agency    text NOT NULL,
        roles     text[] NOT NULL,
        caseref   text NOT NULL,
        purpose   text NOT NULL,
        route     text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX access_log_caseref ON access_log (caseref, at)`);
    await queryRunner.query(`CREATE INDEX access_log_subject ON access_log (subject, at)`);
    await queryRunner.query(appendOnlyGuard('access_log_append_only', 'the access log is append-only'));
    for (const statement of appendOnlyStatements('access_log', 'access_log_append_only')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE access_log');
    await queryRunner.query('DROP FUNCTION access_log_append_only');
  }
}
