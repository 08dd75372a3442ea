import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed chain heads this service published: how far its chain reached, counted from 1.
 * A head is written and committed before it is sent, so a resend is the same bytes.
 */
export class ChainHeads1796000000100 implements MigrationInterface {
  name = 'ChainHeads1796000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chain_heads (
        headseq      bigint PRIMARY KEY CHECK (headseq > 0),
        chainseq     bigint NOT NULL,
        hash         text NOT NULL,
        payload      bytea NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX chain_heads_unpublished ON chain_heads (headseq) WHERE published_at IS NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chain_heads');
  }
}
