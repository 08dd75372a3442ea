import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PgChannelListener } from '@casenet/privacy';
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
  private channel?: PgChannelListener;
  private started?: Promise<void>;

  constructor(private readonly dataSource: DataSource) {}

  get listening(): boolean {
    return this.channel?.listening ?? false;
  }

  /** Starts listening; `onNotify` runs on each commit that wrote outbox rows, and on each (re)connection. */
  start(onNotify: () => void): void {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    let wasListening = false;
    let failuresInRow = 0;
    this.channel = new PgChannelListener(
      url,
      OUTBOX_CHANNEL,
      {
        notified: () => onNotify(),
        connected: () => {
          wasListening = true;
          failuresInRow = 0;
          onNotify(); // rows committed while nobody listened are waiting
        },
        lost: (error) => {
          failuresInRow += 1;
          if (wasListening || failuresInRow === 1) this.logger.warn({ msg: 'outbox listener lost; the relay polls until it is back', err: String(error) });
          wasListening = false;
        },
      },
      { retryMs: (failures) => Math.min(10_000, 250 * 2 ** Math.min(failures, 6)) },
    );
    this.started = this.channel.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started;
    await this.channel?.stop();
  }
}
