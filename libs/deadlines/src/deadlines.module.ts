import { type DynamicModule, Module } from '@nestjs/common';
import { DeadlineService } from './deadline.service.js';
import { DeadlineMetrics } from './deadline.metrics.js';
import { DEADLINE_SETTINGS, type DeadlineSettings } from './deadline.settings.js';
import { DeadlineOutcomes1764500000010 } from './deadline-outcomes.migration.js';
import { DeadlinesTable1763700000003 } from './deadlines-table.migration.js';

/** The migrations of the `deadlines` table; a service lists them with its own. */
export const DEADLINE_MIGRATIONS = [DeadlinesTable1763700000003, DeadlineOutcomes1764500000010];

/**
 * Durable deadlines for a service's feature modules (global: any of them schedules and settles).
 * Needs the runtime's database, scheduler and Clock.
 */
@Module({})
export class DeadlinesModule {
  static forService(settings: DeadlineSettings): DynamicModule {
    return {
      module: DeadlinesModule,
      global: true,
      providers: [{ provide: DEADLINE_SETTINGS, useValue: settings }, DeadlineService, DeadlineMetrics],
      exports: [DeadlineService],
    };
  }
}
