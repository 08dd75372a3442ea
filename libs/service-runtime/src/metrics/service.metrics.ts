import pg from 'pg';
import { Counter, Gauge, Registry } from 'prom-client';
import type { ShedReason } from '../http/load-shedding.policy.js';

/** The pools a service holds: its own database, and the subject key vault. */
export type PoolName = 'service' | 'key_vault';

/** What the metrics read of a pool (pg.Pool has them). */
export interface PoolLoad {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * One service's Prometheus registry and the counters the runtime increments outside any
 * controller: shed requests and database round trips. One per application (int-specs run
 * several in one process, so never prom-client's global registry).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly pools = new Map<PoolName, PoolLoad>();

  readonly shed = new Counter({
    name: 'casenet_http_shed_total',
    help: 'API requests answered 503 with Retry-After instead of queueing, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly dbQueries = new Counter({
    name: 'casenet_db_queries_total',
    help: 'Queries sent to PostgreSQL (round trips, transaction statements included), by pool',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });

  constructor() {
    const pools = this.pools;
    for (const reason of ['in_flight_writes', 'pool_waiting', 'pool_exhausted'] satisfies ShedReason[]) this.shed.labels(reason).inc(0);
    new Gauge({
      name: 'casenet_db_pool_connections',
      help: 'Connections of each pool: open, idle, and queries waiting for one',
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const [name, pool] of pools) {
          this.labels(name, 'total').set(pool.totalCount);
          this.labels(name, 'idle').set(pool.idleCount);
          this.labels(name, 'waiting').set(pool.waitingCount);
        }
      },
    });
  }

  watchPool(name: PoolName, pool: PoolLoad): void {
    this.pools.set(name, pool);
  }

  /** The longest wait for a connection among the service's pools. */
  poolWaiting(): number {
    let waiting = 0;
    for (const pool of this.pools.values()) waiting = Math.max(waiting, pool.waitingCount);
    return waiting;
  }

  /**
   * A pg Client class for a pool's `Client` option that counts every query it sends: the one
   * place all of a service's SQL passes, TypeORM's and the key vault's alike.
   */
  countingClient(pool: PoolName): typeof pg.Client {
    const counter = this.dbQueries.labels(pool);
    counter.inc(0);
    return class CountingClient extends pg.Client {
      constructor(config?: string | pg.ClientConfig) {
        super(config);
        const query = this.query.bind(this) as (...args: unknown[]) => unknown;
        this.query = ((...args: unknown[]) => {
          counter.inc();
          return query(...args);
        }) as pg.Client['query'];
      }
    };
  }
}
