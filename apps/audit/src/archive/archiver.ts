import { ALL_TOPICS, AUDIT_GROUP_PREFIX, producerOfSource } from '@casenet/contracts';
import { chainHeadFacts, contentHash, type SigningKey } from '@casenet/audit-log';
import { createHash } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import type { AuditConfig } from '../audit.config.js';
import { writeDueCheckpoints } from './checkpointer.js';

interface Meta {
  /** What the message is: `producer#chainseq`, `head:producer#headseq`, else `bytes:topic:sha256`. */
  identity: string;
  headseq: number | null;
  eventId: string | null;
  type: string | null;
  caseref: string | null;
  signer: string | null;
  chainseq: number | null;
  prevhash: string | null;
  contentHash: string | null;
  time: string | null;
}

const NO_FACTS = { headseq: null, eventId: null, type: null, caseref: null, signer: null, chainseq: null, prevhash: null, contentHash: null, time: null };

function metaOf(topic: string, bytes: Buffer): Meta {
  const byContent = `bytes:${topic}:${createHash('sha256').update(bytes).digest('hex')}`;
  // Dead letters are others' bytes parked by a consumer: never an identity in anyone's chain.
  if (topic.endsWith('.dead-letter')) return { identity: byContent, ...NO_FACTS };
  try {
    const e = JSON.parse(bytes.toString()) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const signer = producerOfSource(e.source) ?? null;
    const time = text(e.time) && !Number.isNaN(Date.parse(e.time as string)) ? (e.time as string) : null;
    const head = chainHeadFacts(e);
    if (head && signer) {
      // A chain head: `chainseq` and `content_hash` hold the position and hash it signs.
      return {
        ...NO_FACTS,
        identity: `head:${signer}#${head.headseq}`,
        headseq: head.headseq,
        type: text(e.type),
        signer,
        chainseq: head.chainseq,
        contentHash: head.hash,
        time,
      };
    }
    const chainseq = typeof e.chainseq === 'number' ? e.chainseq : null;
    return {
      identity: signer && chainseq !== null ? `${signer}#${chainseq}` : byContent,
      headseq: null,
      eventId: text(e.id),
      type: text(e.type),
      caseref: text(e.caseref),
      signer,
      chainseq,
      prevhash: text(e.prevhash),
      contentHash: chainseq !== null ? contentHash(e) : null,
      time,
    };
  } catch {
    return { identity: byContent, ...NO_FACTS };
  }
}

/**
 * Reads every topic under the auditor identity and keeps each message, bytes untouched, in the
 * archive, so history outlives Kafka's retention; then writes the checkpoints that are due.
 * Messages are keyed by identity: the same event delivered again collapses into one row, a
 * different content under an identity already held is kept in `archive_conflicts`. Kafka
 * coordinates are recorded (and attested by checkpoints) but never decide what is kept.
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
        const messages = batch.messages.map((m) => ({
          offset: m.offset,
          payload: m.value ?? Buffer.alloc(0),
          meta: metaOf(topic, m.value ?? Buffer.alloc(0)),
        }));
        if (messages.length > 0) await this.store(topic, batch.partition, messages);
        await heartbeat();
        await writeDueCheckpoints(this.pool, this.key, this.config.checkpointEvery);
      },
    });
  }

  private async store(topic: string, partition: number, messages: { offset: string; payload: Buffer; meta: Meta }[]): Promise<void> {
    const values: unknown[] = [];
    const rows = messages.map(({ offset, payload, meta }, i) => {
      values.push(
        topic,
        partition,
        offset,
        meta.identity,
        meta.headseq,
        meta.eventId,
        meta.type,
        meta.caseref,
        meta.signer,
        meta.chainseq,
        meta.prevhash,
        meta.contentHash,
        meta.time,
        payload,
      );
      return `(${Array.from({ length: 14 }, (_, k) => `$${i * 14 + k + 1}`).join(', ')})`;
    });
    await this.pool.query(
      `INSERT INTO archive (topic, kafka_partition, kafka_offset, identity, headseq, event_id, event_type, caseref, signer, chainseq, prevhash, content_hash, event_time, payload)
       VALUES ${rows.join(', ')} ON CONFLICT (identity) WHERE duplicate_of IS NULL DO NOTHING`,
      values,
    );
    // Whatever did not land as itself is either the same bytes again (nothing to do) or a conflict.
    const held = new Map(
      (
        await this.pool.query<{ identity: string; digest: string }>(
          `SELECT identity, encode(pg_catalog.sha256(payload), 'hex') AS digest FROM archive WHERE identity = ANY($1::text[]) AND duplicate_of IS NULL`,
          [messages.map((m) => m.meta.identity)],
        )
      ).rows.map((r) => [r.identity, r.digest]),
    );
    const conflicts = messages.filter((m) => held.get(m.meta.identity) !== createHash('sha256').update(m.payload).digest('hex'));
    for (const c of conflicts) {
      await this.pool.query(
        `INSERT INTO archive_conflicts (identity, topic, kafka_partition, kafka_offset, payload)
         SELECT $1::text, $2::text, $3::int, $4::bigint, $5::bytea
         WHERE NOT EXISTS (SELECT 1 FROM archive_conflicts WHERE identity = $1 AND payload = $5)`,
        [c.meta.identity, topic, partition, c.offset, c.payload],
      );
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}
