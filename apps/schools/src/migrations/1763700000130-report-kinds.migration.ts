import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports of every kind (ADR 0020): the kind, and the statistics fields the school keeps of its
 * own reports. Only absence reports have a category. Existing reports are absence reports.
 */
export class ReportKinds1763700000130 implements MigrationInterface {
  name = 'ReportKinds1763700000130';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reports
        ADD COLUMN kind text DEFAULT 'absence'
          CHECK (kind IN ('absence', 'bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child')),
        ADD COLUMN school_year text CHECK (school_year ~ '^[0-9]{4}/[0-9]{2}$'),
        ADD COLUMN citizenship text CHECK (citizenship IN ('italian', 'non_italian', 'newly_arrived')),
        ADD COLUMN track text CHECK (track IN ('liceale', 'tecnico', 'professionale', 'iefp'))`);
    // Erased reports keep no kind, like no category; a live report has one.
    await queryRunner.query(`UPDATE reports SET kind = NULL WHERE erased_at IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE reports ADD CONSTRAINT reports_kind_present CHECK (erased_at IS NOT NULL OR kind IS NOT NULL)`);
    await queryRunner.query(
      `ALTER TABLE reports ADD CONSTRAINT reports_absence_category CHECK (erased_at IS NOT NULL OR (kind = 'absence') = (category IS NOT NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reports DROP COLUMN kind, DROP COLUMN school_year, DROP COLUMN citizenship, DROP COLUMN track`);
  }
}
