import { Controller, Get, Header, type OnModuleInit } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@casenet/auth';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * Prometheus metrics: the process (RSS, heap, event-loop delay percentiles, GC) and the outbox
 * (rows waiting, age of the oldest). Aggregate numbers only, no case data, yet they describe
 * the service's load to whoever asks: the scraper holds an `auditor` token of the agency
 * (reads, never writes), like any other caller (ADR 0012).
 */
@ApiTags('operations')
@Controller('metrics')
@Allow('auditor')
export class MetricsController implements OnModuleInit {
  private readonly registry = new Registry();

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    const dataSource = this.dataSource;
    const lag = new Gauge({ name: 'casenet_outbox_lag_seconds', help: 'Age of the oldest unpublished outbox row', registers: [this.registry] });
    new Gauge({
      name: 'casenet_outbox_waiting',
      help: 'Outbox rows not yet published',
      registers: [this.registry],
      // Called by prom-client on each scrape; sets both outbox gauges from one query.
      async collect() {
        const [row] = (await dataSource.query(
          `SELECT count(*)::int AS waiting, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag FROM outbox WHERE published_at IS NULL`,
        )) as [{ waiting: number; lag: number }];
        this.set(row.waiting);
        lag.set(row.lag);
      },
    });
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics: process, event loop, outbox lag' })
  @ApiOkResponse({ description: 'Prometheus text format' })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
