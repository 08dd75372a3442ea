import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each read records the schools its reader acted for. A school's log was filtered through the
 * reports table alone, so once an erased pupil's report forgot its school, no school could list
 * who had read that case, though the rows stayed (the disclosure record needs them).
 */
export class AccessLogSchoolCodes1796000000200 implements MigrationInterface {
  name = 'AccessLogSchoolCodes1796000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE access_log ADD COLUMN school_codes text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE access_log DROP COLUMN school_codes');
  }
}
