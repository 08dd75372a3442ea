import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The court's psychosocial investigations as social services receive them (ADR 0021). */
export class Investigations1764800000240 implements MigrationInterface {
  name = 'Investigations1764800000240';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE investigations (
        id           uuid PRIMARY KEY,
        referral_id  uuid NOT NULL REFERENCES referrals (id),
        case_id      uuid NOT NULL REFERENCES cases (id),
        caseref      text NOT NULL,
        subject_key  text NOT NULL,
        state        text NOT NULL CHECK (state IN ('requested', 'accepted', 'in_progress', 'completed', 'withdrawn')),
        questions    text NOT NULL CHECK (questions LIKE 'sealed:v1:%' OR questions LIKE 'expired:%'),
        requested_at timestamptz NOT NULL,
        report_by    timestamptz NOT NULL,
        received_at  timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        closed_at    timestamptz,
        CHECK ((state IN ('completed', 'withdrawn')) = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX investigations_case ON investigations (case_id)`);
    await queryRunner.query(`CREATE INDEX investigations_referral ON investigations (referral_id)`);
    await queryRunner.query(`CREATE INDEX investigations_worklist ON investigations (state, report_by)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE investigations');
  }
}
