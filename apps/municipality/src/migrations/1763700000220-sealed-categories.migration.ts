import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Concerns, referral reasons and drug-signal facts (what, where, when) are personal data under the child's
 * pseudonym: they move into the rows' sealed part. Sealing needs the child's key, which the
 * schema owner never holds, so this only frees the clear columns and refuses new values in them
 * (NOT VALID: checked on every insert and update, not on old rows); the service's boot step
 * (foldClearColumnsIntoSeal) seals the old values and empties the columns.
 */
export class SealedCategories1763700000220 implements MigrationInterface {
  name = 'SealedCategories1763700000220';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_reports ALTER COLUMN concerns DROP NOT NULL, ALTER COLUMN concerns DROP DEFAULT`);
    await queryRunner.query(`UPDATE case_reports SET concerns = NULL WHERE concerns = '{}'`);
    await queryRunner.query(`ALTER TABLE case_reports ADD CONSTRAINT case_reports_concerns_sealed CHECK (concerns IS NULL) NOT VALID`);
    await queryRunner.query(`ALTER TABLE drug_signals ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN occurred_at DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE drug_signals ADD CONSTRAINT drug_signals_facts_sealed CHECK (kind IS NULL AND municipio IS NULL AND occurred_at IS NULL) NOT VALID`,
    );
    await queryRunner.query(`CREATE INDEX drug_signals_received ON drug_signals (received_at)`);
    // A referral's reason (concern, grounds) is sealed in place.
    await queryRunner.query(
      `ALTER TABLE referrals ADD CONSTRAINT referrals_reason_sealed CHECK (reason LIKE 'sealed:v1:%' OR reason LIKE 'expired:%') NOT VALID`,
    );
    // The history repeated the signal's kind and the referral's reason; the sealed rows keep them.
    await queryRunner.query(`UPDATE case_history SET detail = detail - 'kind' WHERE action = 'police_drug_signal'`);
    await queryRunner.query(`UPDATE case_history SET detail = detail - 'reason' WHERE action = 'referral_requested'`);
  }

  async down(): Promise<void> {
    throw new Error('sealed values cannot be put back in clear by a migration');
  }
}
