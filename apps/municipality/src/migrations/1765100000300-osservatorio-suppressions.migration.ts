import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cells the Osservatorio has suppressed, per table and school year: every later release of the
 * same table keeps them suppressed, so a second export after one more report cannot reveal a cell
 * by difference. Rows are only ever added.
 */
export class OsservatorioSuppressions1765100000300 implements MigrationInterface {
  name = 'OsservatorioSuppressions1765100000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE osservatorio_suppressions (
        table_key   text NOT NULL,
        school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}/[0-9]{2}$'),
        row_key     text NOT NULL,
        column_key  text NOT NULL,
        first_at    timestamptz NOT NULL,
        PRIMARY KEY (table_key, school_year, row_key, column_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE osservatorio_suppressions');
  }
}
