import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox (what this service must publish), inbox (event ids already applied) and the record of
 * dead-lettered messages. Every service includes this migration first.
 */
export class MessagingTables1763700000000 implements MigrationInterface {
  name = 'MessagingTables1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        id           bigserial PRIMARY KEY,
        event_id     text NOT NULL UNIQUE,
        topic        text NOT NULL,
        message_key  text NOT NULL,
        event_type   text NOT NULL,
        payload      bytea NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE inbox (
        event_id     uuid PRIMARY KEY,
        event_type   text NOT NULL,
        caseref      text NOT NULL,
        topic        text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE dead_letters (
        id              bigserial PRIMARY KEY,
        topic           text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset    bigint NOT NULL,
        event_id        text,
        event_type      text,
        reason          text NOT NULL,
        attempts        integer NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic, kafka_partition, kafka_offset)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dead_letters');
    await queryRunner.query('DROP TABLE inbox');
    await queryRunner.query('DROP TABLE outbox');
  }
}
