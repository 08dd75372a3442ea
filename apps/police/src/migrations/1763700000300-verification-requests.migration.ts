import type { MigrationInterface, QueryRunner } from 'typeorm';

export class VerificationRequests1763700000300 implements MigrationInterface {
  name = 'VerificationRequests1763700000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE verification_requests (
        id             uuid PRIMARY KEY,
        caseref        text NOT NULL,
        subject_key    text NOT NULL,
        personal       text NOT NULL CHECK (personal LIKE 'sealed:v1:%' OR personal LIKE 'expired:%'),
        school         jsonb NOT NULL,
        status         text NOT NULL CHECK (status IN ('pending', 'completed')),
        outcome        text,
        officer_note   text CHECK (officer_note LIKE 'sealed:v1:%' OR officer_note LIKE 'expired:%'),
        completed_by   text,
        correlation_id uuid NOT NULL,
        requested_at   timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz,
        CHECK ((status = 'completed') = (outcome IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX verification_requests_status ON verification_requests (status, requested_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE verification_requests');
  }
}
