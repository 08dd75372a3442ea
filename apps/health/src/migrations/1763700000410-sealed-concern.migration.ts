import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why the child was referred is personal data under the pseudonym: it moves into the sealed
 * part. The schema owner holds no keys, so this frees the clear column and refuses new values in
 * it (NOT VALID: every insert and update is checked); the boot step seals the old values.
 */
export class SealedConcern1763700000410 implements MigrationInterface {
  name = 'SealedConcern1763700000410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE health_referrals ALTER COLUMN concern DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE health_referrals ADD CONSTRAINT health_referrals_concern_sealed CHECK (concern IS NULL) NOT VALID`);
    // The history repeated it; the sealed row keeps it.
    await queryRunner.query(`UPDATE health_referral_history SET detail = detail - 'concern' WHERE detail ? 'concern'`);
  }

  async down(): Promise<void> {
    throw new Error('sealed values cannot be put back in clear by a migration');
  }
}
