import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HealthReferrals1763700000400 implements MigrationInterface {
  name = 'HealthReferrals1763700000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE health_referrals (
        id             uuid PRIMARY KEY,
        caseref        text NOT NULL,
        subject_key    text NOT NULL,
        personal       text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        notes          text CHECK (notes LIKE 'sealed:v1:%' OR notes LIKE 'expired:%'),
        concern        text NOT NULL,
        state          text NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn')),
        decline_reason text,
        outcome        text,
        clinical_note  text CHECK (clinical_note LIKE 'sealed:v1:%' OR clinical_note LIKE 'expired:%'),
        respond_by     timestamptz NOT NULL,
        overdue_since  timestamptz,
        assignee       text,
        correlation_id uuid NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        closed_at      timestamptz,
        CHECK ((state = 'declined') = (decline_reason IS NOT NULL)),
        CHECK ((state = 'completed') = (outcome IS NOT NULL)),
        CHECK (clinical_note IS NULL OR state = 'completed'),
        -- Retention counts from closed_at: every final state must have one, no open state may.
        CHECK ((state IN ('declined', 'completed', 'withdrawn')) = (closed_at IS NOT NULL))
      )`);
    // The worklist: open referrals by state, soonest answer due or newest first, overdue ones, someone's own.
    await queryRunner.query(`CREATE INDEX health_referrals_state_respond_by ON health_referrals (state, respond_by)`);
    await queryRunner.query(`CREATE INDEX health_referrals_state_received_at ON health_referrals (state, received_at)`);
    await queryRunner.query(`CREATE INDEX health_referrals_overdue ON health_referrals (respond_by) WHERE overdue_since IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX health_referrals_assignee ON health_referrals (assignee, state) WHERE assignee IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE health_referral_history (
        id          bigserial PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES health_referrals (id),
        action      text NOT NULL,
        state       text NOT NULL,
        actor       text NOT NULL,
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX health_referral_history_referral ON health_referral_history (referral_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE health_referral_history');
    await queryRunner.query('DROP TABLE health_referrals');
  }
}
