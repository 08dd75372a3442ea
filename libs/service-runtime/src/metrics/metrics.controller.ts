import { Controller, Get, Header, Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '@casenet/auth';
import { inboxTopic } from '@casenet/contracts';
import { KafkaConnection } from '@casenet/messaging';
import { collectDefaultMetrics, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { LoadShedder } from '../http/load-shedder.js';
import type { ServiceConfig } from '../service.config.js';
import { SERVICE_CONFIG } from '../service-core.tokens.js';
import { CachedReading } from './cached-reading.js';
import { type PartitionLag, readConsumerLag } from './consumer-lag.js';
import { ServiceMetrics } from './service.metrics.js';

interface TableFigures {
  waiting: number;
  lag: number;
  deadLetters: number;
}

/**
 * Prometheus metrics: the process (RSS, heap, event-loop delay percentiles, GC), the outbox
 * (rows waiting, age of the oldest), dead letters, the inbox consumer group's lag, the pools,
 * shed requests and database round trips; concerns add their own (deadlines: the backlog).
 * Aggregate numbers only, no case data, yet they describe the service's load to whoever asks:
 * the scraper holds an `auditor` token of the agency (reads, never writes), like any other
 * caller (ADR 0016). Never shed, and never waits long on a busy database (CachedReading).
 */
@ApiTags('operations')
@Controller('metrics')
@Allow('auditor')
export class MetricsController implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly dataSource: DataSource,
    private readonly service: ServiceMetrics,
    private readonly kafka: KafkaConnection,
    private readonly shedder: LoadShedder,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onModuleInit(): void {
    const registers = [this.service.registry];
    collectDefaultMetrics({ register: this.service.registry, eventLoopMonitoringPrecision: 10 });
    const failed = (what: string) => (error: unknown) => this.logger.warn({ msg: `metrics: ${what} not read`, err: String(error) });
    // One query for the three table figures, at most once a second whatever the scrape rate.
    const tables = new CachedReading(() => this.readTables(), 1_000, 1_500, failed('outbox and dead letters'));
    const topic = this.config.messaging.topicPrefix + inboxTopic(this.config.agency);
    // Two broker requests per read; a few seconds old is fresh enough for a lag alert.
    const consumerLag = new CachedReading<PartitionLag[]>(
      async () => readConsumerLag(await this.kafka.getAdmin(), this.config.messaging.groupId, topic),
      5_000,
      2_000,
      failed('consumer lag'),
    );
    // Each gauge reads at its own collect (one query between them, cached): prom-client writes a
    // gauge as soon as it has collected it, so one setting another would publish it a scrape late.
    const fromTables = (name: string, help: string, pick: (figures: TableFigures) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const figures = await tables.get();
          if (figures) this.set(pick(figures));
        },
      });
    fromTables('casenet_outbox_waiting', 'Outbox rows not yet published', (f) => f.waiting);
    fromTables('casenet_outbox_lag_seconds', 'Age of the oldest unpublished outbox row', (f) => f.lag);
    fromTables('casenet_dead_letters', 'Messages this service parked as dead letters (rows of dead_letters)', (f) => f.deadLetters);
    new Gauge({
      name: 'casenet_inbox_consumer_lag',
      help: "Messages on the service's inbox topic its consumer group has not committed, per partition",
      labelNames: ['partition'] as const,
      registers,
      async collect() {
        for (const { partition, lag } of (await consumerLag.get()) ?? []) this.labels(String(partition)).set(lag);
      },
    });
    const shedder = this.shedder;
    new Gauge({
      name: 'casenet_http_writes_in_flight',
      help: 'Write requests being answered now (bounded by SHED_MAX_INFLIGHT_WRITES)',
      registers,
      collect() {
        this.set(shedder.writesInFlight);
      },
    });
  }

  private async readTables(): Promise<TableFigures> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS waiting, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag,
              (SELECT count(*)::int FROM dead_letters) AS "deadLetters"
         FROM outbox WHERE published_at IS NULL`,
    )) as [TableFigures];
    return row;
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  @ApiOperation({ summary: 'Prometheus metrics: process, event loop, outbox lag' })
  @ApiOkResponse({ description: 'Prometheus text format' })
  metrics(): Promise<string> {
    return this.service.registry.metrics();
  }
}
