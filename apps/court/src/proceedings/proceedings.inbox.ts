import { Injectable, Logger } from '@nestjs/common';
import { CourtReferralRequestedV1, type EventEnvelope, isClosedReferralState, ReferralOverdueV1, ReferralWithdrawnV1 } from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import type { EntityManager } from 'typeorm';
import { recordHistory } from './proceeding-history.entity.js';
import { overdueApplies } from './proceeding-lifecycle.rules.js';
import { Proceeding, type ProceedingPersonalData } from './proceeding.entity.js';
import { ProceedingsService } from './proceedings.service.js';

/** Who acts when the municipality's events change a proceeding. */
const MUNICIPALITY = 'municipality';

/** What the municipality's referral events do to the court's proceedings. */
@Injectable()
export class ProceedingsInbox {
  private readonly logger = new Logger(ProceedingsInbox.name);

  constructor(
    private readonly proceedings: ProceedingsService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  /** A new referral opens a proceeding in the registry's worklist. */
  @HandlesEvent(CourtReferralRequestedV1)
  async onCourtReferralRequested(event: EventEnvelope<CourtReferralRequestedV1>, manager: EntityManager): Promise<void> {
    const { referralId, grounds, pupil, residence, school, verificationOutcome, programme, notes, requestedAt, respondBy } = event.data;
    if (await manager.exists(Proceeding, { where: { id: referralId } })) {
      throw new RejectedEventError(`referral ${referralId} was already received`);
    }
    const now = this.clock.now();
    const personal: ProceedingPersonalData = { pupil, residence, school, verificationOutcome, programme, notes, grounds };
    await manager.insert(Proceeding, {
      id: referralId,
      caseref: event.caseref,
      subjectKey: event.subject,
      personal: await this.sealer.seal(event.subject, personal),
      state: 'requested',
      respondBy: new Date(respondBy),
      correlationId: event.correlationid,
      receivedAt: now,
      updatedAt: now,
    });
    await recordHistory(manager, referralId, 'received', MUNICIPALITY, { requestedAt, respondBy }, now);
    this.logger.log({ msg: 'court referral received', caseref: event.caseref, eventId: event.id });
  }

  /** The municipality withdraws: the proceeding stops, unless the court already closed it. */
  @HandlesEvent(ReferralWithdrawnV1)
  async onReferralWithdrawn(event: EventEnvelope<ReferralWithdrawnV1>, manager: EntityManager): Promise<void> {
    const row = await this.known(manager, event.data.referralId);
    if (isClosedReferralState(row.state)) {
      // The court decided before the withdrawal reached it; its decision stands and was already sent.
      this.logger.log({ msg: 'withdrawal of a closed proceeding ignored', caseref: row.caseref, eventId: event.id, state: row.state });
      return;
    }
    await this.proceedings.apply(manager, row, { kind: 'withdraw', reason: event.data.reason }, MUNICIPALITY, event);
  }

  /** The municipality's deadline passed: the worklist flags the proceeding while it still concerns it. */
  @HandlesEvent(ReferralOverdueV1)
  async onReferralOverdue(event: EventEnvelope<ReferralOverdueV1>, manager: EntityManager): Promise<void> {
    const { referralId, deadline, dueAt, breachedAt } = event.data;
    const row = await this.known(manager, referralId);
    if (!overdueApplies(row.state, deadline)) {
      this.logger.log({ msg: 'overdue notice no longer applies', caseref: row.caseref, eventId: event.id, deadline, state: row.state });
      return;
    }
    row.overdueSince ??= new Date(breachedAt);
    row.updatedAt = this.clock.now();
    await manager.save(row);
    await recordHistory(manager, row.id, 'reported_overdue', MUNICIPALITY, { deadline, dueAt, breachedAt }, row.updatedAt);
    this.logger.warn({ msg: 'proceeding reported overdue', caseref: row.caseref, eventId: event.id, deadline });
  }

  private async known(manager: EntityManager, referralId: string): Promise<Proceeding> {
    const row = await this.proceedings.lock(manager, referralId);
    if (!row) throw new RejectedEventError(`no proceeding for referral ${referralId}`);
    return row;
  }
}
