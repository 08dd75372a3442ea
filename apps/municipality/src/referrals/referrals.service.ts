import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CourtGrounds,
  DomainRuleError,
  CourtReferralRequestedV1,
  CourtReferralUpdatedV1,
  type EventEnvelope,
  type HealthConcern,
  HealthReferralRequestedV1,
  HealthReferralUpdatedV1,
  ReferralOverdueV1,
  ReferralWithdrawnV1,
  type ReportConcern,
  type ReportKind,
  type WithdrawalReason,
} from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { type Deadline, overdueCondition } from '@casenet/deadlines';
import type { Page } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseReport, type CaseReportPersonalData } from '../cases/case-report.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type { CasePersonalData } from '../cases/municipal-case.entity.js';
import { DrugSignal } from '../signals/drug-signal.entity.js';
import type { NewReferralDto, ReferralListQuery } from './referral.dto.js';
import { Referral } from './referral.entity.js';
import { ReferralView } from './referral.view.js';
import { checkNewReferral, type NewReferral, nextReferralState, type ReferralAgency } from './referral-web.rules.js';
import { CaseWebStore, REFERRAL_DEADLINE } from '../case-web/case-web.store.js';
import { openReasons } from '../case-web/referral-reasons.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';

/** The coordinator's side of health and court referrals: raise, withdraw, and hear back. */
@Injectable()
export class ReferralsService {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly web: CaseWebStore,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  async refer(caseref: string, dto: NewReferralDto, actor: string): Promise<ReferralView> {
    const referral = await this.dataSource.transaction(async (manager) => {
      const row = await this.cases.lock(manager, { caseref });
      if (!row) throw new NotFoundException(`no case ${caseref}`);
      const request: NewReferral =
        dto.agency === 'health' ? { agency: 'health', concern: dto.concern as HealthConcern } : { agency: 'court', grounds: dto.grounds as CourtGrounds };
      const links = await this.web.openLinks(manager, row.id);
      const reports = await manager.find(CaseReport, { where: { caseId: row.id } });
      const facts = {
        caseState: row.state,
        concerns: new Set<ReportConcern>(await concernsOf(this.sealer, row.subjectKey, reports)),
        kinds: new Set<ReportKind>(reports.flatMap((r) => (r.kind ? [r.kind] : []))),
        drugSignals: await manager.count(DrugSignal, { where: { subjectKey: row.subjectKey } }),
        verificationOutcome: row.verificationOutcome,
        active: links.active,
      };
      const personal = await this.sealer.open<CasePersonalData>(row.subjectKey, row.personal);
      checkNewReferral(facts, request);
      if (isErased(personal)) throw new DomainRuleError('subject-erased', 'the child’s data has been erased: nothing can be sent');
      const reason = request.agency === 'health' ? request.concern : request.grounds;
      const { referral, dueAt } = await this.web.create(manager, {
        id: randomUUID(),
        caseId: row.id,
        caseref: row.caseref,
        agency: request.agency,
        reason: await this.sealer.seal(row.subjectKey, reason),
        requestedBy: actor,
      });
      const about = {
        referralId: referral.id,
        pupil: personal.pupil,
        residence: personal.residence,
        school: row.school,
        notes: dto.notes,
        requestedAt: referral.requestedAt.toISOString(),
        respondBy: dueAt.toISOString(),
      };
      const envelope = {
        caseref: row.caseref,
        subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, request.agency),
        correlationid: row.correlationId,
      };
      if (request.agency === 'health') {
        await this.outbox.publish(HealthReferralRequestedV1, { ...envelope, to: 'health', source: { ...about, concern: request.concern } }, manager);
      } else {
        const tried = { verificationOutcome: row.verificationOutcome ?? undefined, programme: row.programme ?? undefined };
        await this.outbox.publish(CourtReferralRequestedV1, { ...envelope, to: 'court', source: { ...about, ...tried, grounds: request.grounds } }, manager);
      }
      this.logger.log({ msg: 'referral requested', caseref: row.caseref, agency: request.agency, referralId: referral.id });
      return referral;
    });
    return this.view(referral.id);
  }

  async withdraw(caseref: string, referralId: string, reason: WithdrawalReason, actor: string): Promise<ReferralView> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.cases.lock(manager, { caseref });
      const referral = row && (await manager.findOne(Referral, { where: { id: referralId, caseId: row.id }, lock: { mode: 'pessimistic_write' } }));
      if (!row || !referral) throw new NotFoundException(`no referral ${referralId} on case ${caseref}`);
      if (referral.agency === 'police')
        throw new DomainRuleError('transition-forbidden', 'a police verification cannot be withdrawn: the protocol obliges police to complete it');
      nextReferralState(referral.agency, referral.state, 'withdrawn');
      const saved = await this.web.transition(manager, referral, 'withdrawn', { withdrawalReason: reason }, actor);
      if (referral.agency === 'court') await this.web.withdrawInvestigations(manager, referralId, actor);
      await this.outbox.publish(
        ReferralWithdrawnV1,
        {
          to: referral.agency,
          caseref: row.caseref,
          subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, referral.agency),
          source: { referralId, reason, withdrawnAt: saved.updatedAt.toISOString() },
          correlationid: row.correlationId,
        },
        manager,
      );
      return saved;
    });
    return this.view(referralId);
  }

  @HandlesEvent(HealthReferralUpdatedV1)
  onHealthReferralUpdated(event: EventEnvelope<HealthReferralUpdatedV1>, manager: EntityManager): Promise<void> {
    return this.closeLoop('health', event, manager);
  }

  @HandlesEvent(CourtReferralUpdatedV1)
  onCourtReferralUpdated(event: EventEnvelope<CourtReferralUpdatedV1>, manager: EntityManager): Promise<void> {
    return this.closeLoop('court', event, manager);
  }

  /** The receiving agency closes the loop one transition at a time. */
  private async closeLoop(
    agency: ReferralAgency,
    event: EventEnvelope<HealthReferralUpdatedV1 | CourtReferralUpdatedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const { referralId, status, reason, outcome } = event.data;
    const referral = await manager.findOne(Referral, { where: { id: referralId }, lock: { mode: 'pessimistic_write' } });
    if (!referral || referral.agency !== agency || referral.caseref !== event.caseref) {
      throw new RejectedEventError(`no ${agency} referral ${referralId} on case ${event.caseref}`);
    }
    if (referral.state === 'withdrawn') {
      // The answer crossed the withdrawal on the wire: keep it on record, change nothing.
      await this.web.history(manager, referral.caseId, 'referral_update_after_withdrawal', event.source, { referralId, status });
      this.logger.log({ msg: 'referral update after withdrawal ignored', caseref: event.caseref, eventId: event.id, status });
      return;
    }
    nextReferralState(agency, referral.state, status);
    if (status === 'declined' && !reason) throw new RejectedEventError('a declined referral needs a reason');
    if (status === 'completed' && !outcome) throw new RejectedEventError('a completed referral needs an outcome');
    await this.web.transition(manager, referral, status, { declineReason: reason, outcome }, event.source);
    this.logger.log({ msg: 'referral updated', caseref: event.caseref, eventId: event.id, agency, status });
  }

  /** Deadline breach: the recipient is told, so the referral stands out in its worklist too. */
  async escalate(manager: EntityManager, deadline: Deadline, now: Date): Promise<void> {
    const referral = await manager.findOne(Referral, { where: { id: deadline.ref } });
    const row = referral && (await this.cases.lock(manager, { id: referral.caseId }));
    if (!referral || !row) return;
    await this.web.history(manager, row.id, 'referral_overdue', 'deadline-timer', {
      referralId: referral.id,
      agency: referral.agency,
      dueAt: deadline.dueAt.toISOString(),
    });
    await this.outbox.publish(
      ReferralOverdueV1,
      {
        to: referral.agency,
        caseref: row.caseref,
        subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, referral.agency),
        source: {
          referralId: referral.id,
          deadline: REFERRAL_DEADLINE[referral.agency].deadline,
          dueAt: deadline.dueAt.toISOString(),
          breachedAt: now.toISOString(),
        },
        correlationid: row.correlationId,
      },
      manager,
    );
  }

  /** A page of the web's referrals, each with its reason and deadlines. */
  async list(query: ReferralListQuery): Promise<Page<ReferralView>> {
    const [rows, total] = await this.find(query);
    const deadlines = await this.deadlinesOf(rows);
    const reasons = await this.reasonsOf(rows);
    return { items: rows.map((r) => ReferralView.of(r, reasons.get(r.id) ?? null, deadlines.get(r.id))), total };
  }

  private find(query: ReferralListQuery): Promise<[Referral[], number]> {
    const builder = this.dataSource
      .getRepository(Referral)
      .createQueryBuilder('r')
      .orderBy(query.sort === 'updatedAt' ? 'r.updated_at' : 'r.requested_at', query.order === 'desc' ? 'DESC' : 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.agency) builder.andWhere('r.agency = :agency', { agency: query.agency });
    if (query.state) builder.andWhere('r.state = :state', { state: query.state });
    if (query.overdue) {
      const overdue = overdueCondition('r.id');
      builder.andWhere(query.overdue === 'true' ? overdue : `NOT ${overdue}`);
    }
    return builder.getManyAndCount();
  }

  /** One loop of the web with its deadlines: the GET route and every action on a referral answer with this. */
  async view(referralId: string): Promise<ReferralView> {
    const referral = await this.dataSource.getRepository(Referral).findOneBy({ id: referralId });
    if (!referral) throw new NotFoundException(`no referral ${referralId}`);
    return ReferralView.of(referral, (await this.reasonsOf([referral])).get(referral.id) ?? null, (await this.deadlinesOf([referral])).get(referral.id));
  }

  /** Each referral's reason, opened under its child's key; null once the child is erased. */
  async reasonsOf(referrals: Referral[]): Promise<Map<string, string | null>> {
    return openReasons(this.dataSource.manager, this.sealer, referrals);
  }

  async deadlinesOf(referrals: Referral[]): Promise<Map<string, Deadline[]>> {
    return this.web.deadlines.forRefs(referrals.map((r) => r.id));
  }
}

/** The concerns the case's reports flagged; none once the child is erased. */
async function concernsOf(sealer: SubjectSealer, subject: string, reports: CaseReport[]): Promise<ReportConcern[]> {
  const opened = await Promise.all(reports.map((r) => sealer.open<CaseReportPersonalData>(subject, r.personal)));
  return opened.flatMap((p) => (isErased(p) ? [] : (p.concerns ?? [])));
}
