import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CourtInvestigationRequestedV1, type EventEnvelope, InvestigationUpdatedV1, type LoopDeadline, OPEN_REFERRAL_STATES } from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { type Deadline, DeadlineService, overdueCondition } from '@casenet/deadlines';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import { recordHistory, SYSTEM_ACTOR } from '../proceedings/proceeding-history.entity.js';
import { Proceeding } from '../proceedings/proceeding.entity.js';
import type { InvestigationListQuery } from './investigation.dto.js';
import { Investigation } from './investigation.entity.js';
import { assertCanRequestInvestigation, assertNoOpenInvestigation, nextInvestigationState } from './investigation.rules.js';
import { type OpenedInvestigation, InvestigationView } from './investigation.view.js';

/** Social services owe the court the report by this deadline (the loop protocol's `LOOP_DEADLINES`, a default). */
export const INVESTIGATION_REPORT = 'investigation.report' satisfies LoopDeadline;

/** The court's side of the psychosocial-investigation loop with the municipality's social services. */
@Injectable()
export class InvestigationsService {
  private readonly logger = new Logger(InvestigationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly deadlines: DeadlineService,
    private readonly clock: Clock,
  ) {}

  /** The court asks social services to investigate: the request, its deadline and the event exist together or not at all. */
  async request(proceedingId: string, questions: string, actor: string): Promise<InvestigationView> {
    const id = await this.dataSource.transaction(async (manager) => {
      const proceeding = await manager.findOne(Proceeding, { where: { id: proceedingId }, lock: { mode: 'pessimistic_write' } });
      if (!proceeding) throw new NotFoundException(`no proceeding ${proceedingId}`);
      assertCanRequestInvestigation(proceeding.state, await this.openCount(manager, proceedingId));
      const now = this.clock.now();
      const reportBy = this.deadlines.dueFor(INVESTIGATION_REPORT, now);
      const investigation = manager.create(Investigation, {
        id: randomUUID(),
        proceedingId,
        caseref: proceeding.caseref,
        state: 'requested',
        questions: await this.sealer.seal(proceeding.subjectKey, questions),
        report: null,
        requestedBy: actor,
        requestedAt: now,
        reportBy,
        updatedAt: now,
        closedAt: null,
      });
      await manager.insert(Investigation, investigation);
      await this.deadlines.schedule(manager, { kind: INVESTIGATION_REPORT, ref: investigation.id, caseref: proceeding.caseref, dueAt: reportBy });
      await recordHistory(
        manager,
        proceedingId,
        'investigation_requested',
        actor,
        { investigationId: investigation.id, reportBy: reportBy.toISOString() },
        now,
      );
      await this.outbox.publish(
        CourtInvestigationRequestedV1,
        {
          to: 'municipality',
          caseref: proceeding.caseref,
          subject: proceeding.subjectKey,
          source: { investigationId: investigation.id, referralId: proceeding.id, questions, requestedAt: now.toISOString(), reportBy: reportBy.toISOString() },
          correlationid: proceeding.correlationId,
        },
        manager,
      );
      this.logger.log({ msg: 'investigation requested', caseref: proceeding.caseref, investigationId: investigation.id });
      return investigation.id;
    });
    return this.view(id);
  }

  /** Social services took the investigation on, or sent the report (sealed here, read by the court alone). */
  @HandlesEvent(InvestigationUpdatedV1)
  async onInvestigationUpdated(event: EventEnvelope<InvestigationUpdatedV1>, manager: EntityManager): Promise<void> {
    const { investigationId, status, report, changedAt } = event.data;
    const investigation = await manager.findOne(Investigation, { where: { id: investigationId }, lock: { mode: 'pessimistic_write' } });
    if (!investigation || investigation.caseref !== event.caseref) throw new RejectedEventError(`no investigation ${investigationId} on case ${event.caseref}`);
    const proceeding = await manager.findOneByOrFail(Proceeding, { id: investigation.proceedingId });
    if (investigation.state === 'withdrawn') {
      // The report crossed the end of the proceeding on the wire: kept on record, nothing changes.
      await recordHistory(manager, proceeding.id, 'investigation_update_after_withdrawal', 'municipality', { investigationId, status }, this.clock.now());
      return;
    }
    investigation.state = nextInvestigationState(investigation.state, status);
    const now = this.clock.now();
    investigation.updatedAt = now;
    if (status === 'completed') {
      if (report === undefined) throw new RejectedEventError('a completed investigation needs its report');
      investigation.report = await this.sealer.seal(proceeding.subjectKey, report);
      investigation.closedAt = now;
      await this.deadlines.settle(manager, INVESTIGATION_REPORT, investigation.id, 'met');
    }
    await manager.save(investigation);
    await recordHistory(manager, proceeding.id, `investigation_${status}`, 'municipality', { investigationId, changedAt }, now);
    this.logger.log({ msg: 'investigation updated', caseref: investigation.caseref, eventId: event.id, status });
  }

  /** Before the order: the court decides on the report, not without it. */
  async assertNoneOpen(manager: EntityManager, proceedingId: string): Promise<void> {
    assertNoOpenInvestigation(await this.openCount(manager, proceedingId));
  }

  /** The proceeding ended (the municipality withdrew the referral): its open investigations are moot. */
  async withdrawOpen(manager: EntityManager, proceedingId: string, now: Date): Promise<void> {
    const open = await manager.find(Investigation, { where: { proceedingId, state: In([...OPEN_REFERRAL_STATES]) }, lock: { mode: 'pessimistic_write' } });
    for (const investigation of open) {
      investigation.state = nextInvestigationState(investigation.state, 'withdrawn');
      investigation.updatedAt = now;
      investigation.closedAt = now;
      await manager.save(investigation);
      await this.deadlines.settle(manager, INVESTIGATION_REPORT, investigation.id, 'cancelled');
    }
  }

  /** Deadline breach: the court's own escalation, on the proceeding's file (the municipality's timer flags its own worklist). */
  async escalate(manager: EntityManager, deadline: Deadline): Promise<void> {
    const investigation = await manager.findOneBy(Investigation, { id: deadline.ref });
    if (!investigation) return;
    await recordHistory(
      manager,
      investigation.proceedingId,
      'investigation_overdue',
      SYSTEM_ACTOR,
      { investigationId: investigation.id, dueAt: deadline.dueAt.toISOString() },
      this.clock.now(),
    );
  }

  async view(id: string): Promise<InvestigationView> {
    const row = await this.dataSource.getRepository(Investigation).findOne({ where: { id }, relations: { proceeding: true } });
    if (!row) throw new NotFoundException(`no investigation ${id}`);
    const [opened] = await this.open([row]);
    return InvestigationView.of(opened as OpenedInvestigation);
  }

  /** The court's worklist of investigations, the soonest report first. */
  async list(query: InvestigationListQuery): Promise<Page<InvestigationView>> {
    const builder = this.dataSource.getRepository(Investigation).createQueryBuilder('i').innerJoinAndSelect('i.proceeding', 'p');
    if (query.state) builder.andWhere('i.state = :state', { state: query.state });
    if (query.overdue !== undefined) {
      const breached = overdueCondition('i.id', 'kind');
      builder.andWhere(query.overdue ? breached : `NOT ${breached}`, { kind: INVESTIGATION_REPORT });
    }
    const [rows, total] = await builder.orderBy('i.reportBy', 'ASC').addOrderBy('i.id', 'ASC').limit(query.limit).offset(query.offset).getManyAndCount();
    return { items: (await this.open(rows)).map((o) => InvestigationView.of(o)), total };
  }

  /** The investigations of one proceeding, oldest first. */
  async ofProceeding(proceeding: Proceeding): Promise<OpenedInvestigation[]> {
    const rows = await this.dataSource.getRepository(Investigation).find({ where: { proceedingId: proceeding.id }, order: { requestedAt: 'ASC' } });
    return this.open(rows.map((row) => Object.assign(row, { proceeding })));
  }

  private openCount(manager: EntityManager, proceedingId: string): Promise<number> {
    return manager.count(Investigation, { where: { proceedingId, state: In([...OPEN_REFERRAL_STATES]) } });
  }

  private async open(rows: Investigation[]): Promise<OpenedInvestigation[]> {
    const deadlines = await this.deadlines.forRefs(rows.map((row) => row.id));
    return Promise.all(
      rows.map(async (row) => {
        if (!row.proceeding) throw new Error(`investigation ${row.id} was loaded without its proceeding`);
        const subject = row.proceeding.subjectKey;
        return {
          row,
          docket: row.proceeding.docket,
          questions: await this.sealer.open<string>(subject, row.questions),
          report: row.report === null ? null : await this.sealer.open<string>(subject, row.report),
          deadlines: deadlines.get(row.id) ?? [],
        };
      }),
    );
  }
}
