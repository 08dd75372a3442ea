import { Inject, Injectable } from '@nestjs/common';
import { CHAIN_HEADS_TOPIC } from '@casenet/contracts';
import { sealChainHead } from '@casenet/audit-log';
import { DataSource, type EntityManager } from 'typeorm';
import { KafkaConnection } from './kafka.connection.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';

/** The relay's lock: heads are numbered and published by whoever publishes the chain. */
export const RELAY_LOCK_KEY = 0x0c0ffee;

/** How often a head is signed even when nothing was published: a silent producer still vouches for its tail. */
export const DEFAULT_CHAIN_HEAD_INTERVAL_MS = 60_000;

/**
 * The least time between two heads while events flow. A head per batch cost about ten
 * statements and a Kafka send; once the relay is woken by every commit (ADR 0026), batches are
 * often a single event, so heads are taken at most this often and the tail stays unvouched for
 * at most this long plus one relay look (ADR 0026 amends ADR 0014).
 */
export const DEFAULT_CHAIN_HEAD_MIN_GAP_MS = 1_000;

/**
 * Signs and publishes this producer's chain head (how far its chain reaches and the hash of that
 * event) after each published batch and every `chainHeadIntervalMs`, on the auditors' heads topic.
 * A head is committed before it is sent and resent until marked, so heads reach Kafka in order,
 * none skipped, each as the same bytes however often it is sent.
 */
@Injectable()
export class ChainHeadPublisher {
  private lastAt = 0;
  /** A head is owed after events went out until one was recorded and sent: a failed attempt is retried on the next poll. */
  private owed = false;
  private lastRecordedAt = 0;
  /** Events went out since the last head this process recorded (one was skipped inside the minimum gap). */
  private unvouched = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  get due(): boolean {
    return this.msUntilDue() === 0;
  }

  /** How long until a head is due: at once when owed, after the gap when events are unvouched for, else at the interval. */
  msUntilDue(): number {
    const now = Date.now();
    if (this.owed) return 0;
    const periodic = this.lastAt + (this.options.chainHeadIntervalMs ?? DEFAULT_CHAIN_HEAD_INTERVAL_MS) - now;
    const gap = this.unvouched ? this.lastRecordedAt + this.minGapMs - now : Infinity;
    return Math.max(0, Math.min(periodic, gap));
  }

  private get minGapMs(): number {
    return this.options.chainHeadMinGapMs ?? DEFAULT_CHAIN_HEAD_MIN_GAP_MS;
  }

  /** An idle producer's periodic head (or one owed after a failed send): recorded, then sent. */
  async publish(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [RELAY_LOCK_KEY]);
      await this.recordIn(manager, true);
    });
    await this.send();
  }

  /**
   * Records the head in the caller's transaction, which holds the relay lock: the relay calls it
   * in the transaction that appends a batch to the ledger, so no batch is ever without its head.
   * (Heads used to be taken in a transaction of their own with a try-lock; when another relay
   * instance held the lock at that moment the head was skipped and the newest events stayed
   * unvouched for until the next periodic head.) A new head when the ledger moved past the
   * last one, or the last one is older than the interval. Within the minimum gap of the last
   * head it records none and owes one (`due` after the gap); returns whether it recorded one.
   */
  async recordIn(manager: EntityManager, force = false): Promise<boolean> {
    if (!force && Date.now() - this.lastRecordedAt < this.minGapMs) {
      this.unvouched = true;
      return false;
    }
    const intervalMs = this.options.chainHeadIntervalMs ?? DEFAULT_CHAIN_HEAD_INTERVAL_MS;
    const [ledger] = (await manager.query('SELECT seq::text, hash FROM ledger ORDER BY ledger.seq DESC LIMIT 1')) as { seq: string; hash: string }[];
    if (!ledger) return false; // nothing published yet: no chain to vouch for
    const [last] = (await manager.query(
      `SELECT headseq::text, chainseq::text, recorded_at < now() - make_interval(secs => $1::double precision / 1000) AS stale FROM chain_heads ORDER BY chain_heads.headseq DESC LIMIT 1`,
      [intervalMs],
    )) as { headseq: string; chainseq: string; stale: boolean }[];
    this.unvouched = false;
    if (last && last.chainseq === ledger.seq && !last.stale) return false;
    const [{ now } = { now: new Date() }] = (await manager.query('SELECT now() AS now')) as { now: Date }[];
    const headseq = (last ? Number(last.headseq) : 0) + 1;
    const head = sealChainHead(this.options.signingKey, this.options.agency, headseq, Number(ledger.seq), ledger.hash, now.toISOString());
    await manager.query('INSERT INTO chain_heads (headseq, chainseq, hash, payload) VALUES ($1, $2, $3, $4)', [
      headseq,
      ledger.seq,
      ledger.hash,
      Buffer.from(JSON.stringify(head)),
    ]);
    this.lastRecordedAt = Date.now();
    return true;
  }

  /** Sends every recorded head not yet marked, in order; waits for the relay lock rather than skip. */
  async send(): Promise<void> {
    this.owed = true; // until marked sent: a failed send is retried on the relay's next poll
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [RELAY_LOCK_KEY]);
      const heads = (await manager.query(
        'SELECT headseq::text, payload FROM chain_heads WHERE published_at IS NULL ORDER BY chain_heads.headseq FOR UPDATE',
      )) as { headseq: string; payload: Buffer }[];
      if (heads.length === 0) return;
      const producer = await this.connection.getProducer();
      await producer.send({
        topic: `${this.options.topicPrefix}${CHAIN_HEADS_TOPIC}`,
        acks: -1,
        messages: heads.map((h) => ({ key: this.options.agency, value: h.payload, headers: { 'content-type': 'application/json' } })),
      });
      await manager.query('UPDATE chain_heads SET published_at = now() WHERE headseq = ANY($1::bigint[])', [heads.map((h) => h.headseq)]);
    });
    this.owed = false;
    this.lastAt = Date.now();
  }
}
