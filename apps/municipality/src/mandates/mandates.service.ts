import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ACTIVE_MANDATE_STATES, CourtOrderIssuedV1, type EventEnvelope, type MandateUpdate, MandateUpdatedV1 } from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { type Deadline, overdueCondition } from '@casenet/deadlines';
import { DataSource, type EntityManager, In } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { Referral } from '../referrals/referral.entity.js';
import { nextMandateState } from '../referrals/referral-web.rules.js';
import { CaseWebStore, MANDATE_ACKNOWLEDGEMENT } from '../case-web/case-web.store.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import type { Page } from '@casenet/service-runtime';
import type { MandateListQuery } from './mandate.dto.js';
import { Mandate } from './mandate.entity.js';
import { MandateView } from './mandate.view.js';

/** Court orders arriving at the municipality, and the loop a level II mandate opens. */
@Injectable()
export class MandatesService {
  private readonly logger = new Logger(MandatesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly web: CaseWebStore,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  /** A mandate opens level II care and starts the acknowledgement deadline. */
  @HandlesEvent(CourtOrderIssuedV1)
  async onCourtOrderIssued(event: EventEnvelope<CourtOrderIssuedV1>, manager: EntityManager): Promise<void> {
    const order = event.data;
    const referral = await manager.findOne(Referral, { where: { id: order.referralId } });
    if (!referral || referral.agency !== 'court' || referral.caseref !== event.caseref) {
      throw new RejectedEventError(`no court referral ${order.referralId} on case ${event.caseref}`);
    }
    if (await manager.exists(Mandate, { where: { orderId: order.orderId } })) throw new RejectedEventError(`order ${order.orderId} was already received`);
    const row = await this.cases.lock(manager, { id: referral.caseId });
    if (!row) throw new RejectedEventError(`the case of referral ${order.referralId} is gone`);
    const mandate = order.order === 'mandate_level_ii';
    const now = this.web.deadlines.clock.now();
    await manager.insert(Mandate, {
      orderId: order.orderId,
      referralId: referral.id,
      caseId: row.id,
      caseref: row.caseref,
      subjectKey: row.subjectKey,
      order: order.order,
      operativePart: order.operativePart === undefined ? null : await this.sealer.seal(row.subjectKey, order.operativePart),
      state: mandate ? 'awaiting_acknowledgement' : 'not_applicable',
      issuedAt: new Date(order.issuedAt),
      acknowledgeBy: new Date(order.acknowledgeBy),
      closedAt: mandate ? null : now,
      receivedAt: now,
      updatedAt: now,
    });
    if (mandate) {
      row.careLevel = 'II';
      row.updatedAt = now;
      await manager.save(row);
      await this.web.deadlines.schedule(manager, {
        kind: MANDATE_ACKNOWLEDGEMENT,
        ref: order.orderId,
        caseref: row.caseref,
        dueAt: new Date(order.acknowledgeBy),
      });
    }
    await this.web.history(manager, row.id, mandate ? 'court_mandate_received' : 'court_order_received', event.source, {
      orderId: order.orderId,
      order: order.order,
    });
    this.logger.log({ msg: 'court order received', caseref: row.caseref, eventId: event.id, order: order.order });
  }

  /** Acknowledge a mandate, then report on the care; each step goes back to the court. */
  async update(orderId: string, status: MandateUpdate, report: string | undefined, actor: string): Promise<MandateView> {
    await this.dataSource.transaction(async (manager) => {
      const mandate = await manager.findOne(Mandate, { where: { orderId }, lock: { mode: 'pessimistic_write' } });
      if (!mandate) throw new NotFoundException(`no court order ${orderId}`);
      const row = await this.cases.lock(manager, { id: mandate.caseId });
      if (!row) throw new NotFoundException(`no case for order ${orderId}`);
      mandate.state = nextMandateState(mandate.state, status);
      const now = this.web.deadlines.clock.now();
      mandate.updatedAt = now;
      if (!ACTIVE_MANDATE_STATES.includes(mandate.state)) mandate.closedAt = now;
      const saved = await manager.save(mandate);
      await this.web.deadlines.settle(manager, MANDATE_ACKNOWLEDGEMENT, orderId, 'met');
      await this.web.history(manager, row.id, `mandate_${status}`, actor, { orderId });
      await this.outbox.publish(
        MandateUpdatedV1,
        {
          to: 'court',
          caseref: row.caseref,
          subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, 'court'),
          source: { orderId, status, report, changedAt: now.toISOString() },
          correlationid: row.correlationId,
        },
        manager,
      );
      return saved;
    });
    return this.view(orderId);
  }

  /** Deadline breach: escalated to the unit's supervisors through the worklist and the case history. */
  async escalate(manager: EntityManager, deadline: Deadline): Promise<void> {
    const mandate = await manager.findOne(Mandate, { where: { orderId: deadline.ref } });
    if (mandate)
      await this.web.history(manager, mandate.caseId, 'mandate_acknowledgement_overdue', 'deadline-timer', {
        orderId: mandate.orderId,
        dueAt: deadline.dueAt.toISOString(),
      });
  }

  async operativePart(mandate: Mandate): Promise<string | null> {
    if (!mandate.operativePart) return null;
    const text = await this.sealer.open<string>(mandate.subjectKey, mandate.operativePart);
    return typeof text === 'string' ? text : null;
  }

  /** One court order as the municipality holds it: the GET route and every action on it answer with this. */
  async view(orderId: string): Promise<MandateView> {
    return this.viewOf(await this.get(orderId));
  }

  async viewOf(mandate: Mandate): Promise<MandateView> {
    const deadlines = await this.deadlinesOf([mandate]);
    return MandateView.of(mandate, await this.operativePart(mandate), deadlines.get(mandate.orderId));
  }

  async get(orderId: string): Promise<Mandate> {
    const mandate = await this.dataSource.getRepository(Mandate).findOneBy({ orderId });
    if (!mandate) throw new NotFoundException(`no court order ${orderId}`);
    return mandate;
  }

  /** A page of court orders, soonest acknowledgement first. */
  async list(query: MandateListQuery): Promise<Page<MandateView>> {
    const [rows, total] = await this.find(query);
    return { items: await Promise.all(rows.map((m) => this.viewOf(m))), total };
  }

  private find(query: MandateListQuery): Promise<[Mandate[], number]> {
    const builder = this.dataSource.getRepository(Mandate).createQueryBuilder('m').orderBy('m.acknowledge_by', 'ASC').take(query.limit).skip(query.offset);
    if (query.state) builder.andWhere('m.state = :state', { state: query.state });
    if (query.open === 'true') builder.andWhere({ state: In([...ACTIVE_MANDATE_STATES]) });
    if (query.overdue) {
      const overdue = overdueCondition('m.order_id');
      builder.andWhere(query.overdue === 'true' ? overdue : `NOT ${overdue}`);
    }
    return builder.getManyAndCount();
  }

  deadlinesOf(mandates: Mandate[]): Promise<Map<string, Deadline[]>> {
    return this.web.deadlines.forRefs(mandates.map((m) => m.orderId));
  }
}
