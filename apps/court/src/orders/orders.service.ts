import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CourtOrderIssuedV1, type CourtOutcome, type EventEnvelope, type LoopDeadline, type MandateState, MandateUpdatedV1 } from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { type Deadline, DeadlineService, overdueCondition } from '@casenet/deadlines';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordHistory, SYSTEM_ACTOR } from '../proceedings/proceeding-history.entity.js';
import { Proceeding } from '../proceedings/proceeding.entity.js';
import { CourtOrder } from './court-order.entity.js';
import { applyMandateUpdate, initialMandateState } from './mandate.rules.js';
import { type OpenedOrder, OrderView } from './order.view.js';

/** Social services must acknowledge a level II mandate within this deadline (the loop protocol's `LOOP_DEADLINES`). */
export const ACKNOWLEDGEMENT = 'mandate.acknowledgement' satisfies LoopDeadline;

export interface IssuedOrder {
  order: CourtOutcome;
  operativePart?: string;
}

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly deadlines: DeadlineService,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs in the transaction that completes the proceeding, so the order, its deadline and the
   * event telling the municipality exist together or not at all.
   */
  async issue(manager: EntityManager, proceeding: Proceeding, issued: IssuedOrder, now: Date): Promise<CourtOrder> {
    const acknowledgeBy = this.deadlines.dueFor(ACKNOWLEDGEMENT, now);
    const order = manager.create(CourtOrder, {
      id: randomUUID(),
      proceedingId: proceeding.id,
      caseref: proceeding.caseref,
      order: issued.order,
      operativePart: issued.operativePart === undefined ? null : await this.sealer.seal(proceeding.subjectKey, issued.operativePart),
      issuedAt: now,
      acknowledgeBy,
      mandateState: initialMandateState(issued.order),
      lastReport: null,
      updatedAt: now,
    });
    await manager.insert(CourtOrder, order);
    if (order.mandateState === 'awaiting_acknowledgement') {
      await this.deadlines.schedule(manager, { kind: ACKNOWLEDGEMENT, ref: order.id, caseref: order.caseref, dueAt: acknowledgeBy });
    }
    await this.outbox.publish(
      CourtOrderIssuedV1,
      {
        to: 'municipality',
        caseref: proceeding.caseref,
        subject: proceeding.subjectKey,
        source: {
          orderId: order.id,
          referralId: proceeding.id,
          order: order.order,
          operativePart: issued.operativePart,
          issuedAt: now.toISOString(),
          acknowledgeBy: acknowledgeBy.toISOString(),
        },
        correlationid: proceeding.correlationId,
      },
      manager,
    );
    this.logger.log({ msg: 'order issued', caseref: order.caseref, order: order.order, orderId: order.id });
    return order;
  }

  /** Social services acknowledge a mandate or report on the care it ordered. */
  @HandlesEvent(MandateUpdatedV1)
  async onMandateUpdated(event: EventEnvelope<MandateUpdatedV1>, manager: EntityManager): Promise<void> {
    const { orderId, status, report, changedAt } = event.data;
    const order = await manager.findOne(CourtOrder, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new RejectedEventError(`no court order ${orderId}`);
    if (order.caseref !== event.caseref) throw new RejectedEventError(`court order ${orderId} belongs to another case`);
    const proceeding = await manager.findOneByOrFail(Proceeding, { id: order.proceedingId });
    const step = applyMandateUpdate(order.mandateState, status);
    order.mandateState = step.next;
    if (report !== undefined) order.lastReport = await this.sealer.seal(proceeding.subjectKey, report);
    order.updatedAt = this.clock.now();
    await manager.save(order);
    // Any report on the care implies the mandate was received, even if the acknowledgement itself is late or lost.
    await this.deadlines.settle(manager, ACKNOWLEDGEMENT, order.id, 'met');
    await recordHistory(
      manager,
      order.proceedingId,
      `mandate_${status}`,
      'municipality',
      {
        orderId,
        status,
        applied: step.advanced,
        withReport: report !== undefined,
        changedAt,
      },
      order.updatedAt,
    );
    this.logger.log({ msg: 'mandate updated', caseref: order.caseref, eventId: event.id, status, mandateState: order.mandateState });
  }

  /** Deadline breach: the court's own escalation, recorded on the proceeding for the judge. */
  async escalate(manager: EntityManager, deadline: Deadline): Promise<void> {
    const order = await manager.findOneBy(CourtOrder, { id: deadline.ref });
    if (!order) {
      this.logger.warn({ msg: 'breached deadline of an unknown order', caseref: deadline.caseref, ref: deadline.ref });
      return;
    }
    await recordHistory(
      manager,
      order.proceedingId,
      'escalated',
      SYSTEM_ACTOR,
      { orderId: order.id, deadline: deadline.kind, dueAt: deadline.dueAt.toISOString() },
      this.clock.now(),
    );
  }

  async view(id: string): Promise<OrderView> {
    return OrderView.of(await this.get(id));
  }

  async get(id: string): Promise<OpenedOrder> {
    const order = await this.dataSource.getRepository(CourtOrder).findOne({ where: { id }, relations: { proceeding: true } });
    if (!order) throw new NotFoundException(`no court order ${id}`);
    const [opened] = await this.open([order]);
    return opened as OpenedOrder;
  }

  async list(filter: { mandateState?: MandateState; overdue?: boolean }, limit: number, offset: number): Promise<Page<OrderView>> {
    const query = this.dataSource.getRepository(CourtOrder).createQueryBuilder('o').innerJoinAndSelect('o.proceeding', 'p');
    if (filter.mandateState) query.andWhere('o.mandateState = :state', { state: filter.mandateState });
    if (filter.overdue !== undefined) {
      const breached = overdueCondition('o.id', 'kind');
      query.andWhere(filter.overdue ? breached : `NOT ${breached}`, { kind: ACKNOWLEDGEMENT });
    }
    const [rows, total] = await query.orderBy('o.acknowledgeBy', 'ASC').addOrderBy('o.id', 'ASC').limit(limit).offset(offset).getManyAndCount();
    return { items: (await this.open(rows)).map((o) => OrderView.of(o)), total };
  }

  /** The orders of one proceeding, oldest first, opened under its child's key. */
  async ofProceeding(proceeding: Proceeding): Promise<OpenedOrder[]> {
    const rows = await this.dataSource.getRepository(CourtOrder).find({ where: { proceedingId: proceeding.id }, order: { issuedAt: 'ASC' } });
    return this.open(rows.map((row) => Object.assign(row, { proceeding })));
  }

  private async open(rows: CourtOrder[]): Promise<OpenedOrder[]> {
    const deadlines = await this.deadlines.forRefs(rows.map((row) => row.id));
    return Promise.all(
      rows.map(async (row) => {
        if (!row.proceeding) throw new Error(`court order ${row.id} was loaded without its proceeding`);
        const subject = row.proceeding.subjectKey;
        return {
          row,
          docket: row.proceeding.docket,
          operativePart: row.operativePart === null ? null : await this.sealer.open<string>(subject, row.operativePart),
          lastReport: row.lastReport === null ? null : await this.sealer.open<string>(subject, row.lastReport),
          deadlines: deadlines.get(row.id) ?? [],
        };
      }),
    );
  }
}
