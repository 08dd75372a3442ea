import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1763700000100 implements MigrationInterface {
  name = 'Reports1763700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reports (
        id           uuid PRIMARY KEY,
        caseref      text NOT NULL UNIQUE,
        school_code  text NOT NULL,
        school_name  text NOT NULL,
        school_level text NOT NULL CHECK (school_level IN ('primaria', 'secondaria_i', 'secondaria_ii', 'cfp')),
        category     text NOT NULL CHECK (category IN ('never_attended', 'irregular_attendance')),
        subject_key  text NOT NULL,
        personal     text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        status       text NOT NULL,
        filed_by     text NOT NULL,
        filed_at     timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX reports_school ON reports (school_code, filed_at DESC)`);
    await queryRunner.query(`CREATE INDEX reports_subject ON reports (subject_key)`);
    await queryRunner.query(`
      CREATE TABLE report_status_history (
        id         bigserial PRIMARY KEY,
        report_id  uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        status     text NOT NULL,
        changed_at timestamptz NOT NULL,
        event_id   uuid NOT NULL UNIQUE
      )`);
    await queryRunner.query(`CREATE INDEX report_status_history_report ON report_status_history (report_id, changed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE report_status_history');
    await queryRunner.query('DROP TABLE reports');
  }
}
