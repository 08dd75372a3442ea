import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The referral web: every referral the municipality raised (police verification included, so
 * the coordinator sees one web), court mandates it must execute, police drug signals, the
 * concerns schools flag, and who handles each case.
 */
export class ReferralWeb1763700000210 implements MigrationInterface {
  name = 'ReferralWeb1763700000210';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_reports ADD COLUMN concerns text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN assignee text, ADD COLUMN care_level text CHECK (care_level IN ('I', 'II'))`);
    await queryRunner.query(`
      CREATE TABLE referrals (
        id                uuid PRIMARY KEY,
        case_id           uuid NOT NULL REFERENCES cases (id),
        caseref           text NOT NULL,
        agency            text NOT NULL CHECK (agency IN ('police', 'health', 'court')),
        reason            text NOT NULL,
        state             text NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn')),
        decline_reason    text,
        outcome           text,
        withdrawal_reason text,
        requested_by      text NOT NULL,
        requested_at      timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        closed_at         timestamptz,
        CHECK ((state = 'declined') = (decline_reason IS NOT NULL)),
        CHECK ((state = 'completed') = (outcome IS NOT NULL)),
        CHECK ((state = 'withdrawn') = (withdrawal_reason IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX referrals_case ON referrals (case_id)`);
    await queryRunner.query(`CREATE INDEX referrals_worklist ON referrals (state, requested_at)`);
    // Verifications requested before this migration join the web as police referrals.
    await queryRunner.query(`
      INSERT INTO referrals (id, case_id, caseref, agency, reason, state, outcome, requested_by, requested_at, closed_at)
      SELECT verification_request_id, id, caseref, 'police', 'residence_and_attendance',
             CASE WHEN verification_outcome IS NULL THEN 'requested' ELSE 'completed' END,
             verification_outcome, 'migration', opened_at, CASE WHEN verification_outcome IS NULL THEN NULL ELSE updated_at END
        FROM cases WHERE verification_request_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE mandates (
        order_id       uuid PRIMARY KEY,
        referral_id    uuid NOT NULL REFERENCES referrals (id),
        case_id        uuid NOT NULL REFERENCES cases (id),
        caseref        text NOT NULL,
        subject_key    text NOT NULL,
        court_order    text NOT NULL,
        operative_part text CHECK (operative_part LIKE 'sealed:v1:%' OR operative_part LIKE 'expired:%'),
        state          text NOT NULL CHECK (state IN ('not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused')),
        issued_at      timestamptz NOT NULL,
        acknowledge_by timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        closed_at      timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX mandates_case ON mandates (case_id)`);
    await queryRunner.query(`
      CREATE TABLE drug_signals (
        incident_id uuid PRIMARY KEY,
        subject_key text NOT NULL,
        caseref     text NOT NULL,
        personal    text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        kind        text NOT NULL,
        municipio   integer,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX drug_signals_subject ON drug_signals (subject_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE drug_signals');
    await queryRunner.query('DROP TABLE mandates');
    await queryRunner.query('DROP TABLE referrals');
    await queryRunner.query('ALTER TABLE cases DROP COLUMN assignee, DROP COLUMN care_level');
    await queryRunner.query('ALTER TABLE case_reports DROP COLUMN concerns');
  }
}
