import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where care is delivered (ASST and service), sealed under the child's key like the clinical note. */
export class CarePath1763700000430 implements MigrationInterface {
  name = 'CarePath1763700000430';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE health_referrals ADD COLUMN care_path text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE health_referrals DROP COLUMN care_path`);
  }
}
