import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { expiredMarker, SharingPolicy } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import { DataSource } from 'typeorm';
import { COMPLIANCE_SETTINGS, type ComplianceSettings } from '../compliance.settings.js';
import { RETENTION_TARGETS, type RetentionTarget } from './retention.target.js';

export interface RetentionResult {
  target: string;
  category: string;
  retentionDays: number;
  cutoff: string;
  expired: number;
}

const DAY = 86_400_000;

/**
 * Expires personal data whose retention period (per data category, from the sharing policy)
 * has passed, on a schedule, and logs what it did. Expiry replaces the sealed value with a
 * marker: references and status codes stay, the personal data is gone.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private running?: Promise<RetentionResult[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly policy: SharingPolicy,
    @Inject(COMPLIANCE_SETTINGS) private readonly settings: ComplianceSettings,
    @Inject(RETENTION_TARGETS) private readonly targets: RetentionTarget[],
  ) {}

  onApplicationBootstrap(): void {
    if (this.targets.length === 0 || this.settings.retentionIntervalMs === 0) return;
    const timer = setInterval(
      () => void this.runOnce().catch((error) => this.logger.error({ msg: 'retention run failed', err: String(error) })),
      this.settings.retentionIntervalMs,
    );
    this.scheduler.addInterval('retention', timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', 'retention')) this.scheduler.deleteInterval('retention');
    await this.running;
  }

  /** One pass over every target as of `now`, the service's clock unless a test names a time. */
  async runOnce(now: Date = this.clock.now()): Promise<RetentionResult[]> {
    const run = this.expire(now);
    this.running = run;
    return run;
  }

  private async expire(now: Date): Promise<RetentionResult[]> {
    const results: RetentionResult[] = [];
    for (const target of this.targets) {
      const retentionDays = this.policy.categories[target.category]?.retentionDays;
      if (!retentionDays) throw new Error(`no retention period for category ${target.category}`);
      const cutoff = new Date(now.getTime() - retentionDays * DAY);
      const [, expired] = (await this.dataSource.query(target.sql, [cutoff, expiredMarker(now)])) as [unknown, number];
      const result = { target: target.name, category: target.category, retentionDays, cutoff: cutoff.toISOString(), expired };
      results.push(result);
      if (expired > 0) this.logger.log({ msg: 'retention expired personal data', ...result });
    }
    this.logger.log({ msg: 'retention run finished', at: now.toISOString(), expired: results.reduce((n, r) => n + r.expired, 0) });
    return results;
  }
}
