import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DomainRuleError, type EventEnvelope, ReferralOverdueV1, VerificationCompletedV1, VerificationRequestedV1 } from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { DataSource, type EntityManager, type FindOptionsWhere, IsNull, Not } from 'typeorm';
import type { VerificationOutcomeDto } from './verification-outcome.dto.js';
import { VerificationRequest, type VerificationPersonalData } from './verification-request.entity.js';
import { SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { VerificationView } from './verification.view.js';

@Injectable()
export class VerificationsService {
  private readonly logger = new Logger(VerificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  /** One request as officers see it: the GET route and the outcome action answer with this. */
  async view(id: string): Promise<VerificationView> {
    return this.viewOf(await this.get(id));
  }

  async viewOf(request: VerificationRequest): Promise<VerificationView> {
    const personal = await this.sealer.open<VerificationPersonalData>(request.subjectKey, request.personal);
    const note = request.officerNote ? await this.sealer.open<string>(request.subjectKey, request.officerNote) : null;
    return VerificationView.of(request, personal, note);
  }

  /** A new request in the officers' worklist. */
  @HandlesEvent(VerificationRequestedV1)
  async onVerificationRequested(event: EventEnvelope<VerificationRequestedV1>, manager: EntityManager): Promise<void> {
    if (await manager.exists(VerificationRequest, { where: { id: event.data.requestId } })) {
      throw new RejectedEventError(`verification ${event.data.requestId} was already requested`);
    }
    await manager.insert(VerificationRequest, {
      id: event.data.requestId,
      caseref: event.caseref,
      subjectKey: event.subject,
      personal: await this.sealer.seal(event.subject, { pupil: event.data.pupil, residence: event.data.residence } satisfies VerificationPersonalData),
      school: event.data.school,
      status: 'pending',
      correlationId: event.correlationid,
      requestedAt: this.clock.now(),
    });
    this.logger.log({ msg: 'verification requested', caseref: event.caseref, eventId: event.id });
  }

  /** The municipality's deadline passed; the request stands out in the worklist. */
  @HandlesEvent(ReferralOverdueV1)
  async onReferralOverdue(event: EventEnvelope<ReferralOverdueV1>, manager: EntityManager): Promise<void> {
    const request = await manager.findOne(VerificationRequest, {
      where: { id: event.data.referralId, caseref: event.caseref },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request) throw new RejectedEventError(`no verification ${event.data.referralId} on case ${event.caseref}`);
    // A notice crossing the officers' outcome on the wire would flag work already done.
    if (request.status === 'completed') return;
    await manager.update(VerificationRequest, { id: request.id }, { overdueSince: new Date(event.data.breachedAt) });
  }

  async complete(id: string, dto: VerificationOutcomeDto, officer: string): Promise<VerificationView> {
    await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(VerificationRequest, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new NotFoundException(`no verification ${id}`);
      if (request.status === 'completed') throw new DomainRuleError('already-exists', `verification ${id} was already completed`);
      request.status = 'completed';
      request.outcome = dto.outcome;
      request.officerNote = dto.note === undefined ? null : await this.sealer.seal(request.subjectKey, dto.note);
      request.completedBy = officer;
      request.completedAt = this.clock.now();
      const saved = await manager.save(request);
      await this.outbox.publish(
        VerificationCompletedV1,
        {
          to: 'municipality',
          caseref: request.caseref,
          subject: request.subjectKey,
          source: { requestId: id, outcome: dto.outcome, verifiedAt: request.completedAt.toISOString() },
          correlationid: request.correlationId,
        },
        manager,
      );
      this.logger.log({ msg: 'verification completed', caseref: request.caseref, outcome: dto.outcome });
      return saved;
    });
    return this.view(id);
  }

  async get(id: string): Promise<VerificationRequest> {
    const request = await this.dataSource.getRepository(VerificationRequest).findOneBy({ id });
    if (!request) throw new NotFoundException(`no verification ${id}`);
    return request;
  }

  /** The worklist page, oldest request first. */
  async list(status: 'pending' | 'completed' | undefined, limit: number, offset: number, overdue?: boolean): Promise<Page<VerificationView>> {
    const where = whereOf(status, overdue);
    if (where.length === 0) return { items: [], total: 0 };
    const [rows, total] = await this.dataSource.getRepository(VerificationRequest).findAndCount({
      where,
      order: { requestedAt: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: await Promise.all(rows.map((row) => this.viewOf(row))), total };
  }
}

/** Overdue means still pending past the deadline: a completed request met it, even late. */
function whereOf(status: 'pending' | 'completed' | undefined, overdue: boolean | undefined): FindOptionsWhere<VerificationRequest>[] {
  if (overdue === undefined) return [status ? { status } : {}];
  const branches: FindOptionsWhere<VerificationRequest>[] = overdue
    ? [{ status: 'pending', overdueSince: Not(IsNull()) }]
    : [{ status: 'pending', overdueSince: IsNull() }, { status: 'completed' }];
  return branches.filter((branch) => !status || branch.status === status);
}
