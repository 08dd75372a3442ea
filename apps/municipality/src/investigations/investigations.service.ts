import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CourtInvestigationRequestedV1, type EventEnvelope, type InvestigationUpdate, InvestigationUpdatedV1, OPEN_REFERRAL_STATES } from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { type Deadline, overdueCondition } from '@casenet/deadlines';
import type { Page } from '@casenet/service-runtime';
import { DataSource, type EntityManager, In } from 'typeorm';
import { CaseWebStore, INVESTIGATION_REPORT } from '../case-web/case-web.store.js';
import { CasesService } from '../cases/cases.service.js';
import { Referral } from '../referrals/referral.entity.js';
import type { InvestigationListQuery } from './investigation.dto.js';
import { SocialInvestigation } from './investigation.entity.js';
import { nextInvestigationState } from './investigation.rules.js';
import { InvestigationView } from './investigation.view.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';

/** The juvenile court's requests for psychosocial investigations, and the loop each opens for social services. */
@Injectable()
export class InvestigationsService {
  private readonly logger = new Logger(InvestigationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly web: CaseWebStore,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  /** The court asks: the investigation joins the case's web, with the report's deadline as the court set it. */
  @HandlesEvent(CourtInvestigationRequestedV1)
  async onCourtInvestigationRequested(event: EventEnvelope<CourtInvestigationRequestedV1>, manager: EntityManager): Promise<void> {
    const { investigationId, referralId, questions, requestedAt, reportBy } = event.data;
    const referral = await manager.findOne(Referral, { where: { id: referralId } });
    if (!referral || referral.agency !== 'court' || referral.caseref !== event.caseref) {
      throw new RejectedEventError(`no court referral ${referralId} on case ${event.caseref}`);
    }
    if (await manager.exists(SocialInvestigation, { where: { id: investigationId } })) {
      throw new RejectedEventError(`investigation ${investigationId} was already received`);
    }
    const row = await this.cases.lock(manager, { id: referral.caseId });
    if (!row) throw new RejectedEventError(`the case of referral ${referralId} is gone`);
    const now = this.web.deadlines.clock.now();
    await manager.insert(SocialInvestigation, {
      id: investigationId,
      referralId,
      caseId: row.id,
      caseref: row.caseref,
      subjectKey: row.subjectKey,
      state: 'requested',
      questions: await this.sealer.seal(row.subjectKey, questions),
      requestedAt: new Date(requestedAt),
      reportBy: new Date(reportBy),
      receivedAt: now,
      updatedAt: now,
      closedAt: null,
    });
    await this.web.deadlines.schedule(manager, { kind: INVESTIGATION_REPORT, ref: investigationId, caseref: row.caseref, dueAt: new Date(reportBy) });
    await this.web.history(manager, row.id, 'investigation_requested', event.source, { investigationId, referralId, reportBy });
    this.logger.log({ msg: 'court investigation received', caseref: row.caseref, eventId: event.id, investigationId });
  }

  /**
   * Take the investigation on, or send the report (which completes it and stops its deadline).
   * The report goes to the court only: the municipality keeps that it was sent, not what it said.
   */
  async update(id: string, status: InvestigationUpdate, report: string | undefined, actor: string): Promise<InvestigationView> {
    await this.dataSource.transaction(async (manager) => {
      const investigation = await manager.findOne(SocialInvestigation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!investigation) throw new NotFoundException(`no investigation ${id}`);
      const row = await this.cases.lock(manager, { id: investigation.caseId });
      if (!row) throw new NotFoundException(`no case for investigation ${id}`);
      investigation.state = nextInvestigationState(investigation.state, status);
      const now = this.web.deadlines.clock.now();
      investigation.updatedAt = now;
      if (status === 'completed') {
        investigation.closedAt = now;
        await this.web.deadlines.settle(manager, INVESTIGATION_REPORT, id, 'met');
      }
      await manager.save(investigation);
      await this.web.history(manager, row.id, `investigation_${status}`, actor, { investigationId: id });
      await this.outbox.publish(
        InvestigationUpdatedV1,
        {
          to: 'court',
          caseref: row.caseref,
          subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, 'court'),
          source: { investigationId: id, status, report, changedAt: now.toISOString() },
          correlationid: row.correlationId,
        },
        manager,
      );
    });
    return this.view(id);
  }

  /** Deadline breach: the unit's supervisors see it in the worklist and the case history (the court's own timer flags its side). */
  async escalate(manager: EntityManager, deadline: Deadline): Promise<void> {
    const investigation = await manager.findOne(SocialInvestigation, { where: { id: deadline.ref } });
    if (investigation)
      await this.web.history(manager, investigation.caseId, 'investigation_report_overdue', 'deadline-timer', {
        investigationId: investigation.id,
        dueAt: deadline.dueAt.toISOString(),
      });
  }

  async view(id: string): Promise<InvestigationView> {
    const investigation = await this.dataSource.getRepository(SocialInvestigation).findOneBy({ id });
    if (!investigation) throw new NotFoundException(`no investigation ${id}`);
    return this.viewOf(investigation);
  }

  /** The social services' worklist: investigations by state, open or overdue, the soonest report first. */
  async list(query: InvestigationListQuery): Promise<Page<InvestigationView>> {
    const builder = this.dataSource
      .getRepository(SocialInvestigation)
      .createQueryBuilder('i')
      .orderBy('i.report_by', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.state) builder.andWhere('i.state = :state', { state: query.state });
    if (query.open) builder.andWhere({ state: query.open === 'true' ? In([...OPEN_REFERRAL_STATES]) : In(['completed', 'withdrawn']) });
    if (query.overdue) {
      const overdue = overdueCondition('i.id');
      builder.andWhere(query.overdue === 'true' ? overdue : `NOT ${overdue}`);
    }
    const [rows, total] = await builder.getManyAndCount();
    return { items: await Promise.all(rows.map((i) => this.viewOf(i))), total };
  }

  private async viewOf(investigation: SocialInvestigation): Promise<InvestigationView> {
    const questions = await this.sealer.open<string>(investigation.subjectKey, investigation.questions);
    const deadlines = await this.web.deadlines.forRefs([investigation.id]);
    return InvestigationView.of(investigation, isErased(questions) ? null : questions, deadlines.get(investigation.id));
  }
}
