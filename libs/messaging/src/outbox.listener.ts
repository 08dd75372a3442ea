import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/**
 * Every outbox insert notifies this channel in the same statement (OutboxService.insert), and
 * PostgreSQL delivers the notification when the transaction commits: the relay wakes as soon as
 * there is something committed to publish, instead of polling an empty table.
 */
export const OUTBOX_CHANNEL = 'casenet_outbox';

/**
 * One LISTEN connection per service, outside the pool so it never takes a connection from the
 * requests. A broken connection is reported as `listening = false` (the relay then polls at its
 * configured interval) and reopened with backoff.
 */
@Injectable()
export class OutboxListener implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxListener.name);
  private client?: pg.Client;
  private stopped = false;
  private connecting?: Promise<void>;
  private failures = 0;
  listening = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Starts listening; `onNotify` runs on each commit that wrote outbox rows. */
  start(onNotify: () => void): void {
    this.connecting = this.connect(onNotify);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.connecting;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(onNotify: () => void): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url || this.stopped) return;
    const client = new pg.Client({ connectionString: url });
    client.on('notification', () => onNotify());
    client.on('error', (error) => this.lost(onNotify, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
      this.listening = true;
      this.failures = 0;
      onNotify(); // rows committed while nobody listened are waiting
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(onNotify, error);
    }
  }

  private lost(onNotify: () => void, error: unknown): void {
    if (this.stopped) return;
    const wasListening = this.listening;
    this.listening = false;
    this.client = undefined;
    this.failures += 1;
    if (wasListening || this.failures === 1) this.logger.warn({ msg: 'outbox listener lost; the relay polls until it is back', err: String(error) });
    const delay = Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6));
    setTimeout(() => {
      if (!this.stopped) this.connecting = this.connect(onNotify);
    }, delay).unref();
  }
}
