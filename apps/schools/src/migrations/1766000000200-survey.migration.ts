import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The school office's dropout survey (seed 001): one campaign per school year, the institutions it
 * addresses (a private institution's group of codes answers under its first code), part 1 per
 * institution, part 2 per track, the reminders sent, and what the aggregates suppressed and released.
 */
export class Survey1766000000200 implements MigrationInterface {
  name = 'Survey1766000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE survey_campaigns (
        id uuid PRIMARY KEY,
        school_year text NOT NULL UNIQUE CHECK (school_year ~ '^[0-9]{4}/[0-9]{2}$'),
        deadline date NOT NULL,
        deadline_at timestamptz NOT NULL,
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE survey_institutions (
        campaign_id uuid NOT NULL REFERENCES survey_campaigns (id),
        answer_code text NOT NULL,
        code text NOT NULL,
        codes text[] NOT NULL,
        name text NOT NULL,
        area text NOT NULL CHECK (area IN ('milano', 'citta_metropolitana')),
        private boolean NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (campaign_id, answer_code),
        CHECK (private OR cardinality(codes) = 1)
      )`);
    // Every code of every group, so a code is addressed once per campaign and an answer finds its group.
    await queryRunner.query(`
      CREATE TABLE survey_institution_codes (
        campaign_id uuid NOT NULL,
        code text NOT NULL,
        answer_code text NOT NULL,
        PRIMARY KEY (campaign_id, code),
        FOREIGN KEY (campaign_id, answer_code) REFERENCES survey_institutions (campaign_id, answer_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE survey_general_answers (
        campaign_id uuid NOT NULL,
        answer_code text NOT NULL,
        sites integer NOT NULL CHECK (sites >= 1),
        students_enrolled integer NOT NULL CHECK (students_enrolled >= 0),
        tracks text[] NOT NULL CHECK (cardinality(tracks) >= 1 AND tracks <@ ARRAY['liceale', 'tecnico', 'professionale', 'iefp']),
        dropout_referent boolean NOT NULL,
        listening_desk boolean NOT NULL,
        first_answered_at timestamptz NOT NULL,
        answered_at timestamptz NOT NULL,
        answered_by text NOT NULL,
        PRIMARY KEY (campaign_id, answer_code),
        FOREIGN KEY (campaign_id, answer_code) REFERENCES survey_institutions (campaign_id, answer_code)
      )`);
    await queryRunner.query(`
      CREATE TABLE survey_track_answers (
        campaign_id uuid NOT NULL,
        answer_code text NOT NULL,
        track text NOT NULL CHECK (track IN ('liceale', 'tecnico', 'professionale', 'iefp')),
        enrolled integer NOT NULL CHECK (enrolled >= 0),
        withdrawn integer NOT NULL CHECK (withdrawn >= 0),
        transferred_out integer NOT NULL CHECK (transferred_out >= 0),
        irregular_attendance integer NOT NULL CHECK (irregular_attendance >= 0),
        never_attended integer NOT NULL CHECK (never_attended >= 0),
        first_answered_at timestamptz NOT NULL,
        answered_at timestamptz NOT NULL,
        answered_by text NOT NULL,
        PRIMARY KEY (campaign_id, answer_code, track),
        FOREIGN KEY (campaign_id, answer_code) REFERENCES survey_general_answers (campaign_id, answer_code),
        CHECK (withdrawn + transferred_out + irregular_attendance + never_attended <= enrolled)
      )`);
    await queryRunner.query(`
      CREATE TABLE survey_reminders (
        campaign_id uuid NOT NULL,
        answer_code text NOT NULL,
        days_before integer NOT NULL CHECK (days_before >= 1),
        reminded_at timestamptz NOT NULL,
        missing text[] NOT NULL,
        PRIMARY KEY (campaign_id, answer_code, days_before),
        FOREIGN KEY (campaign_id, answer_code) REFERENCES survey_institutions (campaign_id, answer_code)
      )`);
    // Every cell a release of a table ever suppressed: later releases suppress it again (ADR 0023).
    await queryRunner.query(`
      CREATE TABLE survey_suppressions (
        table_key text NOT NULL,
        row_key text NOT NULL,
        column_key text NOT NULL,
        reason text NOT NULL,
        first_release_id uuid NOT NULL,
        PRIMARY KEY (table_key, row_key, column_key)
      )`);
    // What each release published, and the answer version of every institution it summed.
    await queryRunner.query(`
      CREATE TABLE survey_releases (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES survey_campaigns (id),
        table_key text NOT NULL,
        released_at timestamptz NOT NULL,
        versions jsonb NOT NULL,
        published jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX survey_releases_latest ON survey_releases (campaign_id, released_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE survey_releases, survey_suppressions, survey_reminders, survey_track_answers, survey_general_answers, survey_institution_codes, survey_institutions, survey_campaigns`,
    );
  }
}
