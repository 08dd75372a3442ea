import pg from 'pg';
import { SUBJECT_ERASED_CHANNEL } from './subject-key-vault.js';

export interface SubjectErasureHandlers {
  /** A subject's keys were destroyed (the payload of one notification). */
  erased(subject: string): void;
  /** (Re)connected: whatever was notified while no connection listened is unknown. */
  connected(): void;
}

/** Visible in pg_stat_activity, so an operator (or a test) can tell the key caches' listeners apart. */
export const KEY_CACHE_LISTENER_APPLICATION = 'casenet-key-cache';

/**
 * LISTENs on the vault for `subject_erased` with one dedicated connection and reconnects when
 * it is lost. Until it is back, the key cache's max age is what bounds a missed erasure.
 */
export class SubjectErasureListener {
  private client?: pg.Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: SubjectErasureHandlers,
    private readonly reconnectMs = 1_000,
  ) {}

  /** Resolves once listening, or once the first attempt failed (it keeps trying in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.client) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, application_name: KEY_CACHE_LISTENER_APPLICATION });
    const lost = (): void => {
      if (this.client !== client && this.client !== undefined) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.schedule();
    };
    client.on('notification', (message) => {
      if (message.channel === SUBJECT_ERASED_CHANNEL && message.payload) this.handlers.erased(message.payload);
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${SUBJECT_ERASED_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.handlers.connected();
    } catch {
      client.removeListener('end', lost);
      await client.end().catch(() => undefined);
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.reconnectMs).unref();
  }
}
