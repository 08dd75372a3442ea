import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable deadline timers. Until the runtime split this table came with the access log in
 * one migration (`CoreTables1763700000002`, now the access log's alone): databases migrated
 * before the split already have it, and record this migration as run without a change, hence
 * `IF NOT EXISTS` (the table as first created; DeadlineOutcomes1764500000010 then widens it).
 */
export class DeadlinesTable1763700000003 implements MigrationInterface {
  name = 'DeadlinesTable1763700000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS deadlines (
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
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS deadlines_open ON deadlines (remind_at) WHERE settled_at IS NULL AND state <> 'breached'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE deadlines');
  }
}
