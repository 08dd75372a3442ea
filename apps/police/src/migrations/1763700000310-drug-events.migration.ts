import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Drug-related events officers record about pupils, and the overdue flag on verifications. */
export class DrugEvents1763700000310 implements MigrationInterface {
  name = 'DrugEvents1763700000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE verification_requests ADD COLUMN overdue_since timestamptz`);
    await queryRunner.query(`
      CREATE TABLE drug_events (
        id          uuid PRIMARY KEY,
        caseref     text NOT NULL UNIQUE,
        subject_key text NOT NULL,
        personal    text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        kind        text NOT NULL,
        municipio   integer CHECK (municipio BETWEEN 1 AND 9),
        occurred_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE drug_events');
    await queryRunner.query('ALTER TABLE verification_requests DROP COLUMN overdue_since');
  }
}
