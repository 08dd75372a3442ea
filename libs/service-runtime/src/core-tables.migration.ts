import { appendOnlyGuard, appendOnlyStatements } from '@casenet/audit-log';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What every service keeps besides its own tables: the access log of caseworker reads
 * (append-only, like the ledger) and durable deadline timers.
 */
export class CoreTables1763700000002 implements MigrationInterface {
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

    await queryRunner.query(`
      CREATE TABLE deadlines (
        id          bigserial PRIMARY KEY,
        kind        text NOT NULL,
        ref         text NOT NULL,
        caseref     text NOT NULL,
        due_at      timestamptz NOT NULL,
        remind_at   timestamptz NOT NULL,
        state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'reminded', 'breached')),
        reminded_at timestamptz,
        breached_at timestamptz,
        settled_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, ref),
        CHECK (remind_at <= due_at)
      )`);
    await queryRunner.query(`CREATE INDEX deadlines_open ON deadlines (remind_at) WHERE settled_at IS NULL AND state <> 'breached'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE deadlines');
    await queryRunner.query('DROP TABLE access_log');
    await queryRunner.query('DROP FUNCTION access_log_append_only');
  }
}
