import pg from 'pg';

export interface ChannelHandlers {
  /** One notification on the channel, with its payload (empty string when none). */
  notified(payload: string): void;
  /** (Re)connected and listening: whatever was notified while no connection listened is unknown. */
  connected(): void;
  /** The connection was lost or could not be opened; it is retried after `retryMs`. */
  lost?(error: unknown): void;
}

export interface ChannelListenerOptions {
  /** Visible in pg_stat_activity, so an operator (or a test) can tell listeners apart. */
  applicationName?: string;
  /** The wait before the next attempt, given how many attempts in a row have failed (from 1). */
  retryMs: (failures: number) => number;
}

/**
 * LISTENs on one PostgreSQL channel with a dedicated connection (never a pooled one: it is held
 * for the life of the process) and reconnects when it is lost. Used for the key vault's erasures
 * (the key cache) and for a service's own outbox (the relay).
 */
export class PgChannelListener {
  private client?: pg.Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ChannelHandlers,
    private readonly options: ChannelListenerOptions,
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
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, application_name: this.options.applicationName });
    const lost = (error?: unknown): void => {
      if (this.client !== client && this.client !== undefined) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.failed(error);
    };
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.handlers.notified(message.payload ?? '');
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.failures = 0;
      this.handlers.connected();
    } catch (error) {
      client.removeListener('end', lost);
      await client.end().catch(() => undefined);
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (this.stopped || this.retry) return;
    this.failures += 1;
    this.handlers.lost?.(error);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.options.retryMs(this.failures)).unref();
  }
}
