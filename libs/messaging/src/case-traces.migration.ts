import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context each case's events are published in, so a caseworker's later action on the
 * case joins the trace its opening report started (ADR 0027). Identifiers only, no personal data.
 */
export class CaseTraces1796000000200 implements MigrationInterface {
  name = 'CaseTraces1796000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_traces (
        caseref     text PRIMARY KEY,
        traceparent text NOT NULL,
        tracestate  text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_traces');
  }
}
