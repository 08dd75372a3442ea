import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each recipient agency knows a child by its own pseudonym (ADR 0019); the municipality keeps the
 * map from its own key to each. Rows are written by the service when a report or signal brings
 * the tax code: the schema owner never holds the pseudonymisation secrets.
 */
export class SubjectPseudonyms1763700000240 implements MigrationInterface {
  name = 'SubjectPseudonyms1763700000240';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subject_pseudonyms (
        subject_key text NOT NULL,
        agency      text NOT NULL CHECK (agency IN ('police', 'health', 'court')),
        pseudonym   text NOT NULL UNIQUE CHECK (pseudonym LIKE 'sk2\\_' || agency || '\\_%'),
        PRIMARY KEY (subject_key, agency)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE subject_pseudonyms');
  }
}
