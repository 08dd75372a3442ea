import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1763700000200 implements MigrationInterface {
  name = 'Cases1763700000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cases (
        id                      uuid PRIMARY KEY,
        caseref                 text NOT NULL UNIQUE,
        subject_key             text NOT NULL,
        state                   text NOT NULL CHECK (state IN ('screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed')),
        personal                text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        resident_in_milan       boolean NOT NULL,
        school                  jsonb NOT NULL,
        category                text NOT NULL,
        correlation_id          uuid NOT NULL,
        verification_request_id uuid UNIQUE,
        verification_outcome    text,
        programme               text,
        educator                text,
        closure_reason          text,
        opened_at               timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        closed_at               timestamptz,
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      )`);
    // The linking rule, enforced by the database too: one open case per child.
    await queryRunner.query(`CREATE UNIQUE INDEX cases_one_open_per_subject ON cases (subject_key) WHERE state <> 'closed'`);
    await queryRunner.query(`CREATE INDEX cases_state ON cases (state, opened_at)`);
    await queryRunner.query(`
      CREATE TABLE case_reports (
        report_id      uuid PRIMARY KEY,
        report_caseref text NOT NULL UNIQUE,
        case_id        uuid NOT NULL REFERENCES cases (id),
        linked         boolean NOT NULL,
        school         jsonb NOT NULL,
        category       text NOT NULL,
        personal       text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        reported_at    timestamptz NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX case_reports_case ON case_reports (case_id)`);
    await queryRunner.query(`
      CREATE TABLE case_history (
        id      bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        action  text NOT NULL,
        actor   text NOT NULL,
        detail  jsonb NOT NULL DEFAULT '{}'::jsonb,
        at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX case_history_case ON case_history (case_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_history');
    await queryRunner.query('DROP TABLE case_reports');
    await queryRunner.query('DROP TABLE cases');
  }
}
