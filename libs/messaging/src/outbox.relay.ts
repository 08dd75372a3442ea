import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Message } from 'kafkajs';
import { DataSource, type QueryRunner } from 'typeorm';
import { contentHash, GENESIS } from '@casenet/audit-log';
import { ChainHeadPublisher, RELAY_LOCK_KEY } from './chain-head.publisher.js';
import { KafkaConnection } from './kafka.connection.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OutboxListener } from './outbox.listener.js';

/** Only one relay per database publishes at a time, so rows go out in id order. */
export const DEAD_LETTER_TYPE = 'dead-letter';
const IDLE_POLL_WHILE_LISTENING_MS = 1_000;

interface OutboxRecord {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows with the idempotent producer, then marks them published in
 * the same transaction that locked them. A crash between the two publishes again: consumers'
 * inboxes drop the duplicate, so delivery is at-least-once and the effect exactly-once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A commit notified while a batch was going out: look again before sleeping. */
  private notified = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly heads: ChainHeadPublisher,
    private readonly listener: OutboxListener,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.listener.start(() => {
      this.notified = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const [lock] = (await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [RELAY_LOCK_KEY])) as {
        locked: boolean;
      }[];
      const rows: OutboxRecord[] = lock?.locked
        ? await runner.query(
            `SELECT id, event_id, topic, message_key, event_type, payload, headers FROM outbox
             WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE`,
            [this.options.outboxBatchSize],
          )
        : [];
      let headed = false;
      if (rows.length > 0) {
        await this.signAndRecord(runner, rows);
        const producer = await this.connection.getProducer();
        await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows, this.options.topicPrefix) });
        await runner.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
        headed = await this.heads.recordIn(runner.manager);
      }
      await runner.commitTransaction();
      for (const row of rows) {
        this.logger.log({ msg: 'published', eventId: row.event_id, caseref: row.message_key, topic: row.topic });
      }
      // A head recorded with the batch goes out after the events it covers; one owed since is taken when due.
      if (headed) await this.heads.send();
      else if (this.heads.due) await this.heads.publish();
      return rows.length;
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Chains and signs events in publication order and appends them to the ledger, in the
   * transaction that marks them published. A rolled-back attempt signs the same bytes again:
   * Ed25519 and canonical JSON are deterministic, so a resend is byte-identical.
   */
  private async signAndRecord(runner: QueryRunner, rows: OutboxRecord[]): Promise<void> {
    const [head] = (await runner.query('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1')) as { seq: string; hash: string }[];
    let seq = head ? Number(head.seq) : 0;
    let prevhash = head?.hash ?? GENESIS;
    const ledger: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const row of rows) {
      if (row.event_type === DEAD_LETTER_TYPE) continue; // parked bytes of others, not our disclosures
      seq += 1;
      const signed = this.options.signingKey.seal(JSON.parse(row.payload.toString('utf8')) as Record<string, unknown>, seq, prevhash);
      const hash = contentHash(signed);
      row.payload = Buffer.from(JSON.stringify(signed));
      [seq, row.event_id, row.topic, row.event_type, row.message_key, prevhash, hash, row.payload].forEach((value, i) => ledger[i]?.push(value));
      prevhash = hash;
    }
    if (ledger[0]?.length === 0) return;
    // One statement for the whole batch: row-by-row inserts made the relay the pipeline's bottleneck.
    await runner.query(
      `INSERT INTO ledger (seq, event_id, topic, event_type, caseref, prevhash, hash, payload)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[])`,
      ledger,
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        this.notified = false;
        const sent = await this.relayOnce();
        failures = 0;
        if (sent < this.options.outboxBatchSize && !this.notified) await this.sleep(this.idleInterval());
      } catch (error) {
        failures += 1;
        this.logger.warn({ msg: 'outbox relay failed, will retry', failures, err: String(error) });
        await this.sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /**
   * Notified commits wake the relay, so while it listens it only looks now and then (for a
   * chain head that is due, or a notification lost with a connection); without it, it polls.
   */
  private idleInterval(): number {
    const look = this.listener.listening ? Math.max(this.options.outboxPollIntervalMs, IDLE_POLL_WHILE_LISTENING_MS) : this.options.outboxPollIntervalMs;
    return Math.min(look, Math.max(10, this.heads.msUntilDue()));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function groupByTopic(rows: OutboxRecord[], prefix: string): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic: `${prefix}${topic}`, messages }));
}
