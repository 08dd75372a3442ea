import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A settled deadline says how it ended: `met` (the obligation was fulfilled) or `cancelled` (it
 * became moot, e.g. a withdrawn referral), instead of staying `pending` with a settled date.
 * Deadlines settled before this migration are taken as met; services that can tell a
 * cancellation apart correct their own rows in their own migrations.
 */
export class DeadlineOutcomes1764500000010 implements MigrationInterface {
  name = 'DeadlineOutcomes1764500000010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_state_check`);
    await queryRunner.query(
      `ALTER TABLE deadlines ADD CONSTRAINT deadlines_state_check CHECK (state IN ('pending', 'reminded', 'breached', 'met', 'cancelled'))`,
    );
    await queryRunner.query(`UPDATE deadlines SET state = 'met' WHERE settled_at IS NOT NULL`);
    // A settled deadline has an outcome, and an outcome only comes with settling.
    await queryRunner.query(
      `ALTER TABLE deadlines ADD CONSTRAINT deadlines_settled_outcome CHECK ((settled_at IS NULL) = (state NOT IN ('met', 'cancelled')))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_settled_outcome`);
    await queryRunner.query(
      `UPDATE deadlines SET state = CASE WHEN breached_at IS NOT NULL THEN 'breached' WHEN reminded_at IS NOT NULL THEN 'reminded' ELSE 'pending' END WHERE state IN ('met', 'cancelled')`,
    );
    await queryRunner.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_state_check`);
    await queryRunner.query(`ALTER TABLE deadlines ADD CONSTRAINT deadlines_state_check CHECK (state IN ('pending', 'reminded', 'breached'))`);
  }
}
