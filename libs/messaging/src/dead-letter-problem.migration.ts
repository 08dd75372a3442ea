import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reason a message was dead-lettered, whole: an RFC 9457 problem document (type, title,
 * detail, errors with field paths), as HTTP errors are. `reason` stays its one-line detail.
 */
export class DeadLetterProblem1796000000000 implements MigrationInterface {
  name = 'DeadLetterProblem1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE dead_letters ADD COLUMN problem jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE dead_letters DROP COLUMN problem`);
  }
}
