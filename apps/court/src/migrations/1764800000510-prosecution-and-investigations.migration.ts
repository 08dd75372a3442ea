import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const SEALED = (column: string) => `CHECK (${column} LIKE 'sealed:v1:%' OR ${column} LIKE 'expired:%')`;
const LOOP_STATES = `('requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn')`;

/**
 * The prosecutor's desk and the court's psychosocial investigations (ADR 0021). A municipality's
 * referral now opens a prosecutor's file; a proceeding is opened only when the prosecutor
 * petitions the court. Proceedings already open stay as they are: they were referred before the
 * prosecutor's desk existed and carry on at the court.
 */
export class ProsecutionAndInvestigations1764800000510 implements MigrationInterface {
  name = 'ProsecutionAndInvestigations1764800000510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE prosecutor_files (
        id              uuid PRIMARY KEY,
        caseref         text NOT NULL,
        subject_key     text NOT NULL,
        personal        text NOT NULL ${SEALED('personal')},
        state           text NOT NULL CHECK (state IN ${LOOP_STATES}),
        decline_reason  text CHECK (decline_reason IN ('not_competent', 'insufficient_grounds')),
        archive_reason  text CHECK (archive_reason IN ('no_prejudice_found', 'insufficient_evidence', 'resolved_by_services', 'not_competent')),
        outcome         text CHECK (outcome IN ('archived', 'mandate_level_ii', 'dismissal')),
        prosecutor_note text ${SEALED('prosecutor_note')},
        respond_by      timestamptz NOT NULL,
        overdue_since   timestamptz,
        correlation_id  uuid NOT NULL,
        received_at     timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        petitioned_at   timestamptz,
        closed_at       timestamptz,
        CHECK ((state = 'declined') = (decline_reason IS NOT NULL)),
        CHECK ((archive_reason IS NOT NULL) = (outcome = 'archived')),
        CHECK ((state = 'completed') = (outcome IS NOT NULL)),
        CHECK ((state IN ('declined', 'completed', 'withdrawn')) = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX prosecutor_files_worklist ON prosecutor_files (state, respond_by)`);
    await queryRunner.query(`CREATE INDEX prosecutor_files_caseref ON prosecutor_files (caseref)`);
    await queryRunner.query(`
      CREATE TABLE prosecutor_history (
        id       bigserial PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES prosecutor_files (id),
        action   text NOT NULL,
        actor    text NOT NULL,
        at       timestamptz NOT NULL,
        detail   jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX prosecutor_history_file ON prosecutor_history (referral_id, id)`);

    await queryRunner.query(`
      CREATE TABLE investigations (
        id            uuid PRIMARY KEY,
        proceeding_id uuid NOT NULL REFERENCES proceedings (id),
        caseref       text NOT NULL,
        state         text NOT NULL CHECK (state IN ${LOOP_STATES}),
        questions     text NOT NULL ${SEALED('questions')},
        report        text ${SEALED('report')},
        requested_by  text NOT NULL,
        requested_at  timestamptz NOT NULL,
        report_by     timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        closed_at     timestamptz,
        CHECK (state = 'completed' OR report IS NULL),
        CHECK ((state IN ('declined', 'completed', 'withdrawn')) = (closed_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX investigations_proceeding ON investigations (proceeding_id)`);
    await queryRunner.query(`CREATE INDEX investigations_worklist ON investigations (state, report_by)`);

    await queryRunner.query(`ALTER TABLE proceedings ADD COLUMN petitioned_at timestamptz`);
    await makeColumnsErasable(queryRunner, 'prosecutor_files', ['decline_reason', 'archive_reason', 'outcome']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE investigations');
    await queryRunner.query('DROP TABLE prosecutor_history');
    await queryRunner.query('DROP TABLE prosecutor_files');
    await queryRunner.query('ALTER TABLE proceedings DROP COLUMN petitioned_at');
  }
}
