import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What, where and when of a drug event are personal data: they move into the sealed part.
 * The schema owner holds no keys, so this frees the clear columns and refuses new values in
 * them (NOT VALID: every insert and update is checked); the boot step seals the old values.
 */
export class SealedDrugFacts1763700000320 implements MigrationInterface {
  name = 'SealedDrugFacts1763700000320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE drug_events ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN occurred_at DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE drug_events ADD CONSTRAINT drug_events_facts_sealed CHECK (kind IS NULL AND municipio IS NULL AND occurred_at IS NULL) NOT VALID`,
    );
  }

  async down(): Promise<void> {
    throw new Error('sealed values cannot be put back in clear by a migration');
  }
}
