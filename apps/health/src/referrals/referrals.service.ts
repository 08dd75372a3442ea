import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { HealthReferralUpdatedV1, isClosedReferralState } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { DataSource, type EntityManager, type FindOptionsOrder, type FindOptionsWhere, IsNull, Not } from 'typeorm';
import type { CarePath } from './care-path.js';
import { HealthReferral, type ReferralPersonalData } from './health-referral.entity.js';
import type { ReferralListQuery } from './referral-commands.dto.js';
import { ReferralHistoryEntry } from './referral-history.entity.js';
import { assertAssignable, decide, type ReferralCommand } from './referral-lifecycle.rules.js';
import { type OpenedReferral, ReferralSummary, ReferralView } from './referral.view.js';

/** The ATS side of a referral: its worklist, and each step reported back to the municipality with state codes only. */
@Injectable()
export class ReferralsService {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  async open(row: HealthReferral, history?: ReferralHistoryEntry[]): Promise<OpenedReferral> {
    const openNullable = (sealed: string | null) => (sealed === null ? null : this.sealer.open<string>(row.subjectKey, sealed));
    return {
      row,
      personal: await this.sealer.open<ReferralPersonalData>(row.subjectKey, row.personal),
      notes: await openNullable(row.notes),
      clinicalNote: await openNullable(row.clinicalNote),
      carePath: row.carePath === null ? null : await this.sealer.open<CarePath>(row.subjectKey, row.carePath),
      history,
    };
  }

  /** One step of the lifecycle: state, history and the update to the municipality commit together. */
  /** `health` is what stays at ATS (the care path when care starts, the clinical note when it ends): sealed. */
  async command(id: string, command: ReferralCommand, actor: string, health: { carePath?: CarePath; clinicalNote?: string } = {}): Promise<ReferralView> {
    await this.locked(id, async (manager, row) => {
      const status = decide(row.state, command);
      const now = this.clock.now();
      // Any answer to a requested referral meets the acceptance deadline, late or not; the history keeps the breach.
      if (row.state === 'requested') row.overdueSince = null;
      row.state = status;
      row.updatedAt = now;
      if (command.kind === 'decline') row.declineReason = command.reason;
      if (command.kind === 'start' && health.carePath) row.carePath = await this.sealer.seal(row.subjectKey, health.carePath);
      if (command.kind === 'complete') {
        row.outcome = command.outcome;
        row.clinicalNote = health.clinicalNote === undefined ? null : await this.sealer.seal(row.subjectKey, health.clinicalNote);
      }
      if (isClosedReferralState(status)) row.closedAt = now;
      const saved = await manager.save(row);
      const codes = { reason: row.declineReason ?? undefined, outcome: row.outcome ?? undefined };
      await ReferralHistoryEntry.record(manager, { referralId: id, action: command.kind, state: status, actor, at: now, detail: codes });
      await this.outbox.publish(
        HealthReferralUpdatedV1,
        {
          to: 'municipality',
          caseref: row.caseref,
          subject: row.subjectKey,
          source: { referralId: id, status, ...codes, changedAt: now.toISOString() },
          correlationid: row.correlationId,
        },
        manager,
      );
      this.logger.log({ msg: 'health referral updated', caseref: row.caseref, status });
      return saved;
    });
    return this.view(id);
  }

  /** Internal to ATS: the municipality is not told who works on the referral. */
  async assign(id: string, assignee: string, actor: string): Promise<ReferralView> {
    await this.locked(id, async (manager, row) => {
      assertAssignable(row.state);
      const now = this.clock.now();
      const previous = row.assignee;
      row.assignee = assignee;
      row.updatedAt = now;
      const saved = await manager.save(row);
      await ReferralHistoryEntry.record(manager, { referralId: id, action: 'assigned', state: row.state, actor, at: now, detail: { assignee, previous } });
      return saved;
    });
    return this.view(id);
  }

  /** One referral as ATS holds it: the GET route and every action on it answer with this. */
  async view(id: string): Promise<ReferralView> {
    return ReferralView.of(await this.detail(id));
  }

  async detail(id: string): Promise<OpenedReferral> {
    const row = await this.dataSource.getRepository(HealthReferral).findOneBy({ id });
    if (!row) throw new NotFoundException(`no referral ${id}`);
    const history = await this.dataSource.getRepository(ReferralHistoryEntry).find({ where: { referralId: id }, order: { id: 'ASC' } });
    return this.open(row, history);
  }

  /** The worklist page, each referral opened under its child's key. */
  async list(query: ReferralListQuery): Promise<Page<ReferralSummary>> {
    const [rows, total] = await this.find(query);
    return { items: await Promise.all(rows.map(async (row) => ReferralSummary.of(await this.open(row)))), total };
  }

  private find(query: ReferralListQuery): Promise<[HealthReferral[], number]> {
    const where: FindOptionsWhere<HealthReferral> = {};
    if (query.state) where.state = query.state;
    if (query.assignee) where.assignee = query.assignee;
    if (query.overdue) where.overdueSince = query.overdue === 'true' ? Not(IsNull()) : IsNull();
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const order: FindOptionsOrder<HealthReferral> = query.sort === 'receivedAt' ? { receivedAt: direction, id: 'ASC' } : { respondBy: direction, id: 'ASC' };
    if (!query.concern) return this.dataSource.getRepository(HealthReferral).findAndCount({ where, order, take: query.limit, skip: query.offset });
    return this.byConcern(query.concern, where, order, query.offset ?? 0, query.limit);
  }

  /** The concern is sealed, so the database cannot filter on it: the worklist is opened and filtered here. */
  private async byConcern(
    concern: string,
    where: FindOptionsWhere<HealthReferral>,
    order: FindOptionsOrder<HealthReferral>,
    offset: number,
    limit: number | undefined,
  ): Promise<[HealthReferral[], number]> {
    const matching: HealthReferral[] = [];
    for (const row of await this.dataSource.getRepository(HealthReferral).find({ where, order })) {
      const personal = await this.sealer.open<ReferralPersonalData>(row.subjectKey, row.personal);
      if (!isErased(personal) && personal.concern === concern) matching.push(row);
    }
    return [matching.slice(offset, limit === undefined ? undefined : offset + limit), matching.length];
  }

  /** Runs `change` on the locked row; unknown id → 404 (a rule the state breaks is a DomainRuleError: 409). */
  private locked(id: string, change: (manager: EntityManager, row: HealthReferral) => Promise<HealthReferral>): Promise<HealthReferral> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(HealthReferral, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new NotFoundException(`no referral ${id}`);
      return change(manager, row);
    });
  }
}
