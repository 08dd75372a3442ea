import type { MigrationInterface, QueryRunner } from 'typeorm';

const SEALED = (column: string) => `CHECK (${column} LIKE 'sealed:v1:%' OR ${column} LIKE 'expired:%')`;

export class Proceedings1763700000500 implements MigrationInterface {
  name = 'Proceedings1763700000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE proceedings (
        id             uuid PRIMARY KEY,
        caseref        text NOT NULL,
        subject_key    text NOT NULL,
        personal       text NOT NULL ${SEALED('personal')},
        grounds        text NOT NULL CHECK (grounds IN ('persistent_evasion', 'harm_to_child')),
        state          text NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn')),
        docket         text UNIQUE,
        decline_reason text CHECK (decline_reason IN ('not_competent', 'insufficient_grounds')),
        outcome        text CHECK (outcome IN ('mandate_level_ii', 'dismissal')),
        judicial_note  text ${SEALED('judicial_note')},
        respond_by     timestamptz NOT NULL,
        overdue_since  timestamptz,
        assignee       text,
        correlation_id uuid NOT NULL,
        received_at    timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        closed_at      timestamptz,
        CHECK ((state = 'declined') = (decline_reason IS NOT NULL)),
        CHECK ((state = 'completed') = (outcome IS NOT NULL)),
        CHECK ((state IN ('declined', 'completed', 'withdrawn')) = (closed_at IS NOT NULL)),
        CHECK (docket IS NOT NULL OR state IN ('requested', 'declined', 'withdrawn'))
      )`);
    await queryRunner.query(`CREATE INDEX proceedings_worklist ON proceedings (state, respond_by)`);
    await queryRunner.query(`CREATE INDEX proceedings_caseref ON proceedings (caseref)`);

    await queryRunner.query(`
      CREATE TABLE court_orders (
        id             uuid PRIMARY KEY,
        proceeding_id  uuid NOT NULL REFERENCES proceedings (id),
        caseref        text NOT NULL,
        "order"        text NOT NULL CHECK ("order" IN ('mandate_level_ii', 'dismissal')),
        operative_part text ${SEALED('operative_part')},
        issued_at      timestamptz NOT NULL,
        acknowledge_by timestamptz NOT NULL,
        mandate_state  text NOT NULL
          CHECK (mandate_state IN ('not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused')),
        last_report    text ${SEALED('last_report')},
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (("order" = 'dismissal') = (mandate_state = 'not_applicable'))
      )`);
    await queryRunner.query(`CREATE INDEX court_orders_proceeding ON court_orders (proceeding_id)`);
    await queryRunner.query(`CREATE INDEX court_orders_worklist ON court_orders (mandate_state, acknowledge_by)`);

    await queryRunner.query(`
      CREATE TABLE proceeding_history (
        id            bigserial PRIMARY KEY,
        proceeding_id uuid NOT NULL REFERENCES proceedings (id),
        action        text NOT NULL,
        actor         text NOT NULL,
        at            timestamptz NOT NULL DEFAULT now(),
        detail        jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX proceeding_history_proceeding ON proceeding_history (proceeding_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE proceeding_history');
    await queryRunner.query('DROP TABLE court_orders');
    await queryRunner.query('DROP TABLE proceedings');
  }
}
