import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports of every kind (ADR 0020): a case opened by a report other than absence starts in
 * social_assessment; each report keeps its kind and the statistics fields for the Osservatorio.
 * Existing reports are absence reports.
 */
export class ReportKinds1763700000250 implements MigrationInterface {
  name = 'ReportKinds1763700000250';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT cases_state_check`);
    await queryRunner.query(`
      ALTER TABLE cases ADD CONSTRAINT cases_state_check
        CHECK (state IN ('screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed', 'social_assessment'))`);
    await queryRunner.query(`
      ALTER TABLE case_reports
        ADD COLUMN kind text DEFAULT 'absence'
          CHECK (kind IN ('absence', 'bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child')),
        ADD COLUMN school_year text CHECK (school_year ~ '^[0-9]{4}/[0-9]{2}$'),
        ADD COLUMN citizenship text CHECK (citizenship IN ('italian', 'non_italian', 'newly_arrived')),
        ADD COLUMN track text CHECK (track IN ('liceale', 'tecnico', 'professionale', 'iefp')),
        ADD COLUMN municipio integer CHECK (municipio BETWEEN 1 AND 9)`);
    await queryRunner.query(`UPDATE case_reports SET kind = NULL WHERE erased_at IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE case_reports ADD CONSTRAINT case_reports_kind_present CHECK (erased_at IS NOT NULL OR kind IS NOT NULL)`);
    // The case worklist filters by kind.
    await queryRunner.query(`CREATE INDEX case_reports_kind ON case_reports (kind, case_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX case_reports_kind`);
    await queryRunner.query(
      `ALTER TABLE case_reports DROP COLUMN kind, DROP COLUMN school_year, DROP COLUMN citizenship, DROP COLUMN track, DROP COLUMN municipio`,
    );
  }
}
