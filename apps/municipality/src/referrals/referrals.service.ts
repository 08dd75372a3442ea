import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CourtGrounds,
  CourtReferralRequestedV1,
  type CourtReferralUpdatedV1,
  type EventEnvelope,
  type HealthConcern,
  HealthReferralRequestedV1,
  type HealthReferralUpdatedV1,
  ReferralOverdueV1,
  ReferralWithdrawnV1,
  type ReportConcern,
} from '@casenet/contracts';
import { OutboxService, RejectedEventError } from '@casenet/messaging';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { type Deadline, overdueCondition } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseReport, type CaseReportPersonalData } from '../cases/case-report.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type { CasePersonalData } from '../cases/municipal-case.entity.js';
import { DrugSignal } from '../signals/drug-signal.entity.js';
import type { NewReferralDto, ReferralListQuery } from './referral.dto.js';
import { Referral } from './referral.entity.js';
import { ReferralView } from './referral.view.js';
import { checkNewReferral, nextReferralState, type NewReferral, type ReferralAgency, ReferralRuleError } from './referral-web.rules.js';
import { REFERRAL_DEADLINE, ReferralWebStore } from './referral-web.store.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { openReasons } from './referral-reasons.js';

/** The coordinator's side of health and court referrals: raise, withdraw, and hear back. */
@Injectable()
export class ReferralsService {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly web: ReferralWebStore,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  async refer(caseref: string, dto: NewReferralDto, actor: string): Promise<Referral> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.lock(manager, { caseref });
      if (!row) throw new NotFoundException(`no case ${caseref}`);
      const request: NewReferral = dto.agency === 'health' ? { agency: 'health', concern: dto.concern as HealthConcern } : { agency: 'court', grounds: dto.grounds as CourtGrounds };
      const links = await this.web.openLinks(manager, row.id);
      const reports = await manager.find(CaseReport, { where: { caseId: row.id } });
      const facts = {
        caseState: row.state,
        concerns: new Set<ReportConcern>(await concernsOf(this.sealer, row.subjectKey, reports)),
        drugSignals: await manager.count(DrugSignal, { where: { subjectKey: row.subjectKey } }),
        verificationOutcome: row.verificationOutcome,
        active: links.active,
      };
      const personal = await this.sealer.open<CasePersonalData>(row.subjectKey, row.personal);
      try {
        checkNewReferral(facts, request);
        if (isErased(personal)) throw new ReferralRuleError('the child’s data has been erased: nothing can be sent');
      } catch (error) {
        if (error instanceof ReferralRuleError) throw new ConflictException(error.message);
        throw error;
      }
      const reason = request.agency === 'health' ? request.concern : request.grounds;
      const { referral, dueAt } = await this.web.create(manager, { id: randomUUID(), caseId: row.id, caseref: row.caseref, agency: request.agency, reason: await this.sealer.seal(row.subjectKey, reason), requestedBy: actor });
      const source = {
        referralId: referral.id,
        ...request,
        ...(personal as CasePersonalData),
        school: row.school,
        verificationOutcome: row.verificationOutcome ?? undefined,
        programme: row.programme ?? undefined,
        notes: dto.notes,
        requestedAt: referral.requestedAt.toISOString(),
        respondBy: dueAt.toISOString(),
      };
      await this.outbox.publish(manager, {
        type: request.agency === 'health' ? HealthReferralRequestedV1.type : CourtReferralRequestedV1.type,
        to: request.agency,
        caseref: row.caseref,
        subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, request.agency),
        source,
        correlationid: row.correlationId,
      });
      this.logger.log({ msg: 'referral requested', caseref: row.caseref, agency: request.agency, referralId: referral.id });
      return referral;
    });
  }

  async withdraw(caseref: string, referralId: string, reason: string, actor: string): Promise<Referral> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.cases.lock(manager, { caseref });
      const referral = row && (await manager.findOne(Referral, { where: { id: referralId, caseId: row.id }, lock: { mode: 'pessimistic_write' } }));
      if (!row || !referral) throw new NotFoundException(`no referral ${referralId} on case ${caseref}`);
      if (referral.agency === 'police') throw new ConflictException('a police verification cannot be withdrawn: the protocol obliges police to complete it');
      try {
        nextReferralState(referral.agency, referral.state, 'withdrawn');
      } catch (error) {
        if (error instanceof ReferralRuleError) throw new ConflictException(error.message);
        throw error;
      }
      const saved = await this.web.transition(manager, referral, 'withdrawn', { withdrawalReason: reason }, actor);
      await this.outbox.publish(manager, {
        type: ReferralWithdrawnV1.type,
        to: referral.agency,
        caseref: row.caseref,
        subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, referral.agency),
        source: { referralId, reason, withdrawnAt: saved.updatedAt.toISOString() },
        correlationid: row.correlationId,
      });
      return saved;
    });
  }

  /** Inbox handler: the receiving agency closes the loop one transition at a time. */
  async receiveUpdate(agency: ReferralAgency, event: EventEnvelope<HealthReferralUpdatedV1 | CourtReferralUpdatedV1>, manager: EntityManager): Promise<void> {
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
    try {
      nextReferralState(agency, referral.state, status);
    } catch (error) {
      if (error instanceof ReferralRuleError) throw new RejectedEventError(error.message);
      throw error;
    }
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
    await this.web.history(manager, row.id, 'referral_overdue', 'deadline-timer', { referralId: referral.id, agency: referral.agency, dueAt: deadline.dueAt.toISOString() });
    await this.outbox.publish(manager, {
      type: ReferralOverdueV1.type,
      to: referral.agency,
      caseref: row.caseref,
      subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, referral.agency),
      source: { referralId: referral.id, deadline: REFERRAL_DEADLINE[referral.agency].deadline, dueAt: deadline.dueAt.toISOString(), breachedAt: now.toISOString() },
      correlationid: row.correlationId,
    });
  }

  async list(query: ReferralListQuery): Promise<[Referral[], number]> {
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

