import { appendOnlyGuard, appendOnlyStatements } from '@casenet/audit-log';
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
    await queryRunner.query(appendOnlyGuard('ledger_append_only', 'the ledger is append-only'));
    for (const statement of appendOnlyStatements('ledger', 'ledger_append_only')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ledger');
    await queryRunner.query('DROP FUNCTION ledger_append_only');
  }
}
