import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SUBJECT_ERASED_CHANNEL } from '@casenet/privacy';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../service-core.tokens.js';
import type { ServiceConfig } from '../service.config.js';
import { ERASURE_SWEEP_TARGETS, type ErasureSweepTarget } from './erasure-sweep.target.js';

/** The reliable path when a notification is missed (listener down, service stopped). */
const POLL_MS = 10_000;
/**
 * `erased_at` is the erasing transaction's start, so one that commits late can carry an
 * earlier time than one already seen: every pass looks back this far (sweeping is idempotent).
 */
const LOOK_BACK_MS = 5 * 60_000;
const BATCH = 500;

/**
 * Rewrites this service's rows about erased children so that only lifecycle state, timestamps
 * and opaque ids remain (ADR 0018). Learns of erasures from the key vault, where erasing a child
 * marks its keys erased and notifies `subject_erased`: on that notification, on a short schedule,
 * and from the beginning at boot. Remembers how far it got while it runs.
 */
@Injectable()
export class ErasureSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ErasureSweep');
  private vault?: pg.Pool;
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  // The epoch: the first pass at boot looks at every erasure the vault ever recorded.
  private position = new Date(0);
  private running: Promise<number> = Promise.resolve(0);
  private queued?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(ERASURE_SWEEP_TARGETS) private readonly targets: ErasureSweepTarget[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.keyVault?.url;
    if (!url || this.targets.length === 0) return;
    this.vault = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
    this.vault.on('error', () => undefined);
    await this.listen();
    await this.sweep();
    this.timer = setInterval(() => void this.listen().then(() => this.sweep()), POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running.catch(() => 0);
    await this.listener?.end().catch(() => undefined);
    await this.vault?.end();
  }

  /** One pass (or the next one, if a pass is running); returns how many rows it rewrote. */
  sweep(): Promise<number> {
    if (this.queued) return this.queued;
    const next = this.running
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.stopped ? 0 : this.pass();
      })
      .catch((error: unknown) => {
        this.logger.error({ msg: 'erasure sweep failed', err: String(error) });
        return 0;
      });
    this.queued = next;
    this.running = next;
    return next;
  }

  private async pass(): Promise<number> {
    let rewritten = 0;
    let from = new Date(this.position.getTime() - LOOK_BACK_MS);
    for (;;) {
      const { rows } = await this.vault!.query<{ subject: string; erased_at: Date }>(
        `SELECT subject, max(erased_at) AS erased_at FROM subject_keys WHERE erased_at >= $1
          GROUP BY subject ORDER BY max(erased_at), subject LIMIT ${BATCH}`,
        [from],
      );
      if (rows.length === 0) return rewritten;
      const subjects = rows.map((r) => r.subject);
      const times = rows.map((r) => r.erased_at);
      await this.dataSource.transaction(async (manager) => {
        for (const target of this.targets) {
          const [, count] = (await manager.query(target.sql, [subjects, times])) as [unknown, number];
          if (count > 0) this.logger.log({ msg: 'erasure sweep rewrote rows', target: target.name, rows: count });
          rewritten += count;
        }
      });
      const last = times[times.length - 1]!;
      if (last > this.position) this.position = last;
      if (rows.length < BATCH) return rewritten;
      // Ties on the last time are swept again: harmless, and no subject is skipped.
      if (last.getTime() === from.getTime()) throw new Error('more erased subjects share one erasure time than a batch holds');
      from = last;
    }
  }

  /** (Re)subscribes to the vault's erasure notifications; a lost connection is replaced on the next tick. */
  private async listen(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.keyVault!.url, connectionTimeoutMillis: 5_000 });
    client.on('notification', () => void this.sweep());
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SUBJECT_ERASED_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ msg: 'cannot listen for erasures; sweeping on schedule', err: String(error) });
      await client.end().catch(() => undefined);
    }
  }
}
