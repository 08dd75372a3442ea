import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Other ways in (local services, a family's spontaneous access) open an `intake` case; the care
 * level is explicit on every case (`unassessed` until taken in charge); a case names its programmes.
 */
export class WaysIn1763700000320 implements MigrationInterface {
  name = 'WaysIn1763700000320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_state_check`);
    await queryRunner.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_state_check CHECK (state IN ('screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed', 'social_assessment', 'intake'))`,
    );
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_care_level_check`);
    await queryRunner.query(`UPDATE cases SET care_level = 'unassessed' WHERE care_level IS NULL AND erased_at IS NULL`);
    // NULL only once erased: the erasure sweep empties it with the other codes.
    await queryRunner.query(`ALTER TABLE cases ADD CONSTRAINT cases_care_level_check CHECK (care_level IN ('unassessed', 'I', 'II'))`);
    await queryRunner.query(
      `ALTER TABLE cases ADD COLUMN way_in text CHECK (way_in IN ('school_report', 'local_services', 'spontaneous_access')), ADD COLUMN programmes jsonb`,
    );
    await queryRunner.query(`UPDATE cases SET way_in = 'school_report' WHERE erased_at IS NULL`);
    await queryRunner.query(`UPDATE cases SET programmes = jsonb_build_array(programme) WHERE programme IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX cases_care_level ON cases (care_level, opened_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX cases_care_level`);
    await queryRunner.query(`ALTER TABLE cases DROP COLUMN way_in, DROP COLUMN programmes`);
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_care_level_check`);
    await queryRunner.query(`UPDATE cases SET care_level = NULL WHERE care_level = 'unassessed'`);
    await queryRunner.query(`ALTER TABLE cases ADD CONSTRAINT cases_care_level_check CHECK (erased_at IS NOT NULL OR (care_level IN ('I', 'II')))`);
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_state_check`);
    await queryRunner.query(
      `ALTER TABLE cases ADD CONSTRAINT cases_state_check CHECK (state IN ('screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed', 'social_assessment'))`,
    );
  }
}
