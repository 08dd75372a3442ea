import { ALL_TOPICS, AUDIT_GROUP_PREFIX, producerOfSource } from '@casenet/contracts';
import { contentHash, type SigningKey } from '@casenet/audit-log';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import type { AuditConfig } from '../audit.config.js';
import { writeDueCheckpoints } from './checkpointer.js';

interface Meta {
  eventId: string | null;
  type: string | null;
  caseref: string | null;
  signer: string | null;
  chainseq: number | null;
  prevhash: string | null;
  contentHash: string | null;
  time: string | null;
}

function metaOf(bytes: Buffer | null): Meta {
  try {
    const e = JSON.parse(bytes?.toString() ?? '') as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      eventId: text(e.id),
      type: text(e.type),
      caseref: text(e.caseref),
      signer: producerOfSource(e.source) ?? null,
      chainseq: typeof e.chainseq === 'number' ? e.chainseq : null,
      prevhash: text(e.prevhash),
      contentHash: typeof e.chainseq === 'number' ? contentHash(e) : null,
      time: text(e.time) && !Number.isNaN(Date.parse(e.time as string)) ? (e.time as string) : null,
    };
  } catch {
    return { eventId: null, type: null, caseref: null, signer: null, chainseq: null, prevhash: null, contentHash: null, time: null };
  }
}

/**
 * Reads every topic under the auditor identity and keeps each message, bytes untouched, in the
 * archive, so history outlives Kafka's retention; then writes the checkpoints that are due.
 */
export class Archiver {
  private readonly consumer;

  constructor(
    private readonly config: AuditConfig,
    private readonly pool: pg.Pool,
    private readonly key: SigningKey,
    sessionTimeout = 10_000,
  ) {
    const kafka = new Kafka({ clientId: 'casenet-audit', brokers: config.brokers, sasl: config.sasl, ssl: config.ssl, logLevel: logLevel.WARN });
    this.consumer = kafka.consumer({
      groupId: `${config.topicPrefix}${AUDIT_GROUP_PREFIX}archive`,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      maxWaitTimeInMs: 200,
    });
  }

  running = false;

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, () => (this.running = false));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.running = true));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: ALL_TOPICS.map((t) => this.config.topicPrefix + t), fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch, heartbeat }) => {
        const topic = batch.topic.slice(this.config.topicPrefix.length);
        const values: unknown[] = [];
        const rows: string[] = [];
        batch.messages.forEach((m, i) => {
          const meta = metaOf(m.value);
          const base = i * 12;
          rows.push(`(${Array.from({ length: 12 }, (_, k) => `$${base + k + 1}`).join(', ')})`);
          values.push(topic, batch.partition, m.offset, meta.eventId, meta.type, meta.caseref, meta.signer, meta.chainseq, meta.prevhash, meta.contentHash, meta.time, m.value ?? Buffer.alloc(0));
        });
        if (rows.length > 0) {
          await this.pool.query(
            `INSERT INTO archive (topic, kafka_partition, kafka_offset, event_id, event_type, caseref, signer, chainseq, prevhash, content_hash, event_time, payload)
             VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
            values,
          );
        }
        await heartbeat();
        await writeDueCheckpoints(this.pool, this.key, this.config.checkpointEvery);
      },
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}
