import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why the child was referred is personal data under the pseudonym: it moves into the sealed
 * part. The schema owner holds no keys, so this frees the clear column and refuses new values in
 * it (NOT VALID: every insert and update is checked); the boot step seals the old values.
 */
export class SealedGrounds1763700000510 implements MigrationInterface {
  name = 'SealedGrounds1763700000510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE proceedings ALTER COLUMN grounds DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE proceedings ADD CONSTRAINT proceedings_grounds_sealed CHECK (grounds IS NULL) NOT VALID`);
    // The history repeated them; the sealed row keeps them.
    await queryRunner.query(`UPDATE proceeding_history SET detail = detail - 'grounds' WHERE detail ? 'grounds'`);
  }

  async down(): Promise<void> {
    throw new Error('sealed values cannot be put back in clear by a migration');
  }
}
