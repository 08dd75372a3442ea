import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CourtReferralUpdatedV1, DomainRuleError, type EventEnvelope, OPEN_REFERRAL_STATES } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { DataSource, type EntityManager } from 'typeorm';
import { OrdersService } from '../orders/orders.service.js';
import { InvestigationsService } from '../investigations/investigations.service.js';
import { recordCourtDecision } from '../prosecution/prosecutor-file.decided.js';
import type { ProceedingListQuery } from './proceeding-commands.dto.js';
import { ProceedingHistoryEntry, recordHistory } from './proceeding-history.entity.js';
import { assertAssignable, decide, type ProceedingCommand } from './proceeding-lifecycle.rules.js';
import { Proceeding, type ProceedingPersonalData } from './proceeding.entity.js';
import { type OpenedProceeding, ProceedingSummaryView, ProceedingView } from './proceeding.view.js';

type Cause = Pick<EventEnvelope<object>, 'id' | 'correlationid'>;

const ACTIONS: Record<ProceedingCommand['kind'], string> = {
  register: 'registered',
  open_hearing: 'hearing_opened',
  issue_order: 'order_issued',
  withdraw: 'withdrawn',
};

/** Runs the proceeding lifecycle: each step saves state, history and the municipality's update together. */
@Injectable()
export class ProceedingsService {
  private readonly logger = new Logger(ProceedingsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
    private readonly orders: OrdersService,
    private readonly investigations: InvestigationsService,
  ) {}

  async open(row: Proceeding): Promise<OpenedProceeding> {
    const personal = await this.sealer.open<ProceedingPersonalData>(row.subjectKey, row.personal);
    const judicialNote = row.judicialNote === null ? null : await this.sealer.open<string>(row.subjectKey, row.judicialNote);
    return { row, personal, judicialNote };
  }

  /** HTTP path: lock the proceeding, apply the command; 404 for an unknown one (a rule it breaks is a DomainRuleError: 409). */
  async command(id: string, command: ProceedingCommand, actor: string): Promise<ProceedingView> {
    await this.locked(id, (manager, row) => this.apply(manager, row, command, actor));
    return this.view(id);
  }

  async assign(id: string, assignee: string, actor: string): Promise<ProceedingView> {
    await this.locked(id, async (manager, row) => {
      assertAssignable(row.state);
      const previous = row.assignee;
      row.assignee = assignee;
      row.updatedAt = this.clock.now();
      const saved = await manager.save(row);
      await recordHistory(manager, row.id, 'assigned', actor, { from: previous, to: assignee }, row.updatedAt);
      return saved;
    });
    return this.view(id);
  }

  lock(manager: EntityManager, id: string): Promise<Proceeding | null> {
    return manager.findOne(Proceeding, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async apply(manager: EntityManager, row: Proceeding, command: ProceedingCommand, actor: string, cause?: Cause): Promise<Proceeding> {
    const now = this.clock.now();
    const from = row.state;
    const transition = decide(row.state, command, row.petitionedAt !== null);
    const detail: Record<string, unknown> = { from, to: transition.to };
    switch (command.kind) {
      case 'register':
        if (await manager.exists(Proceeding, { where: { docket: command.docket } }))
          throw new DomainRuleError('already-exists', `docket ${command.docket} is already in use`);
        row.docket = command.docket;
        // A late registration still meets the acceptance deadline; the history keeps the breach.
        row.overdueSince = null;
        detail.docket = command.docket;
        break;
      case 'issue_order': {
        await this.investigations.assertNoneOpen(manager, row.id);
        const order = await this.orders.issue(manager, row, command, now);
        row.outcome = command.order;
        if (command.judicialNote !== undefined) row.judicialNote = await this.sealer.seal(row.subjectKey, command.judicialNote);
        Object.assign(detail, { orderId: order.id, order: command.order });
        await recordCourtDecision(manager, row.id, command.order, actor, now);
        break;
      }
      case 'withdraw':
        detail.reason = command.reason;
        await this.investigations.withdrawOpen(manager, row.id, now);
        break;
      case 'open_hearing':
        break;
    }
    row.state = transition.to;
    row.updatedAt = now;
    if (transition.closes) row.closedAt = now;
    const saved = await manager.save(row);
    await recordHistory(manager, row.id, ACTIONS[command.kind], actor, detail, now);
    if (transition.update) {
      await this.outbox.publish(
        CourtReferralUpdatedV1,
        {
          to: 'municipality',
          caseref: row.caseref,
          subject: row.subjectKey,
          source: {
            referralId: row.id,
            status: transition.update,
            reason: row.declineReason ?? undefined,
            outcome: row.outcome ?? undefined,
            changedAt: now.toISOString(),
          },
          cause,
          correlationid: row.correlationId,
        },
        manager,
      );
    }
    this.logger.log({ msg: 'proceeding transition', caseref: row.caseref, eventId: cause?.id, from, to: row.state, action: command.kind });
    return saved;
  }

  async view(id: string): Promise<ProceedingView> {
    const row = await this.dataSource.getRepository(Proceeding).findOneBy({ id });
    if (!row) throw new NotFoundException(`no proceeding ${id}`);
    const history = await this.dataSource.getRepository(ProceedingHistoryEntry).find({ where: { proceedingId: id }, order: { id: 'ASC' } });
    return ProceedingView.full(await this.open(row), history, await this.orders.ofProceeding(row), await this.investigations.ofProceeding(row));
  }

  /** The worklist page, each proceeding opened under its child's key. */
  async list(query: ProceedingListQuery): Promise<Page<ProceedingSummaryView>> {
    const [rows, total] = await this.find(query);
    return { items: await Promise.all(rows.map(async (row) => ProceedingSummaryView.of(await this.open(row)))), total };
  }

  private async find(query: ProceedingListQuery): Promise<[Proceeding[], number]> {
    const builder = this.dataSource.getRepository(Proceeding).createQueryBuilder('p');
    if (query.state) builder.andWhere('p.state = :state', { state: query.state });
    if (query.assignee) builder.andWhere('p.assignee = :assignee', { assignee: query.assignee });
    if (query.overdue !== undefined) {
      const overdue = '(p.overdueSince IS NOT NULL AND p.state IN (:...open))';
      builder.andWhere(query.overdue ? overdue : `NOT ${overdue}`, { open: OPEN_REFERRAL_STATES });
    }
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    builder.orderBy(`p.${query.sort}`, direction).addOrderBy('p.id', 'ASC');
    if (!query.grounds) return builder.limit(query.limit).offset(query.offset).getManyAndCount();
    // The grounds are sealed, so the database cannot filter on them: the worklist is opened and filtered here.
    const matching: Proceeding[] = [];
    for (const row of await builder.getMany()) {
      const personal = await this.sealer.open<ProceedingPersonalData>(row.subjectKey, row.personal);
      if (!isErased(personal) && personal.grounds === query.grounds) matching.push(row);
    }
    return [matching.slice(query.offset, query.offset + query.limit), matching.length];
  }

  private async locked(id: string, work: (manager: EntityManager, row: Proceeding) => Promise<Proceeding>): Promise<Proceeding> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, id);
      if (!row) throw new NotFoundException(`no proceeding ${id}`);
      return work(manager, row);
    });
  }
}
