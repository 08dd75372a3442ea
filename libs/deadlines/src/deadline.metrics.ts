import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CachedReading, Clock, ServiceMetrics } from '@casenet/service-runtime';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

interface Backlog {
  due: number;
  oldestSeconds: number;
}

/**
 * The deadline backlog on the service's /metrics: deadlines whose reminder or breach is due by
 * the service's clock and that the poller has not handled yet (the same condition as its tick).
 * A backlog that grows means the poller is behind or stopped.
 */
@Injectable()
export class DeadlineMetrics implements OnModuleInit {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const backlog = new CachedReading(
      () => this.read(),
      1_000,
      1_500,
      (error) => this.logger.warn({ msg: 'metrics: deadline backlog not read', err: String(error) }),
    );
    // Each gauge reads at its own collect (one query between them, cached): prom-client writes a
    // gauge as soon as it has collected it, so one setting the other would publish it a scrape late.
    new Gauge({
      name: 'casenet_deadline_backlog',
      help: 'Deadlines whose reminder or breach is due and not yet handled',
      registers,
      async collect() {
        const figures = await backlog.get();
        if (figures) this.set(figures.due);
      },
    });
    new Gauge({
      name: 'casenet_deadline_backlog_oldest_seconds',
      help: 'How long the oldest unhandled due reminder or breach has been due',
      registers,
      async collect() {
        const figures = await backlog.get();
        if (figures) this.set(figures.oldestSeconds);
      },
    });
  }

  private async read(): Promise<Backlog> {
    const [row] = (await this.dataSource.query(
      `WITH due AS (
         SELECT CASE WHEN state <> 'breached' AND due_at <= $1 THEN due_at ELSE remind_at END AS since
           FROM deadlines
          WHERE settled_at IS NULL AND ((state = 'pending' AND remind_at <= $1) OR (state <> 'breached' AND due_at <= $1)))
       SELECT count(*)::int AS due, coalesce(extract(epoch FROM $1::timestamptz - min(since)), 0)::float AS "oldestSeconds" FROM due`,
      [this.clock.now()],
    )) as [Backlog];
    return row;
  }
}
