import { Injectable, Logger } from '@nestjs/common';
import {
  type EventEnvelope,
  HealthReferralRequestedV1,
  isClosedReferralState,
  producerOfSource,
  ReferralOverdueV1,
  ReferralWithdrawnV1,
} from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import type { EntityManager } from 'typeorm';
import { HealthReferral, type ReferralPersonalData } from './health-referral.entity.js';
import { ReferralHistoryEntry } from './referral-history.entity.js';

/** What the municipality tells ATS about its referrals; each runs in the inbox's transaction. */
@Injectable()
export class ReferralsInbox {
  private readonly logger = new Logger(ReferralsInbox.name);

  constructor(
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  @HandlesEvent(HealthReferralRequestedV1)
  async onHealthReferralRequested(event: EventEnvelope<HealthReferralRequestedV1>, manager: EntityManager): Promise<void> {
    const { referralId, pupil, residence, school, notes } = event.data;
    if (await manager.exists(HealthReferral, { where: { id: referralId } })) {
      throw new RejectedEventError(`referral ${referralId} was already requested`);
    }
    const now = this.clock.now();
    await manager.insert(HealthReferral, {
      id: referralId,
      caseref: event.caseref,
      subjectKey: event.subject,
      personal: await this.sealer.seal(event.subject, { pupil, residence, school, concern: event.data.concern } satisfies ReferralPersonalData),
      notes: notes === undefined ? null : await this.sealer.seal(event.subject, notes),
      state: 'requested',
      respondBy: new Date(event.data.respondBy),
      correlationId: event.correlationid,
      receivedAt: now,
      updatedAt: now,
    });
    await ReferralHistoryEntry.record(manager, { referralId, action: 'requested', state: 'requested', actor: sender(event), at: now });
    this.logger.log({ msg: 'health referral requested', caseref: event.caseref, eventId: event.id });
  }

  @HandlesEvent(ReferralWithdrawnV1)
  async onReferralWithdrawn(event: EventEnvelope<ReferralWithdrawnV1>, manager: EntityManager): Promise<void> {
    const row = await this.lock(event, manager);
    // The municipality may withdraw while ATS is closing the referral: whichever came first stands.
    if (isClosedReferralState(row.state)) {
      this.logger.log({ msg: 'withdrawal of a closed referral ignored', caseref: event.caseref, eventId: event.id, state: row.state });
      return;
    }
    const now = this.clock.now();
    row.state = 'withdrawn';
    // The municipality no longer waits for an answer: nothing is overdue any more.
    row.overdueSince = null;
    row.closedAt = now;
    row.updatedAt = now;
    await manager.save(row);
    await ReferralHistoryEntry.record(manager, {
      referralId: row.id,
      action: 'withdrawn',
      state: 'withdrawn',
      actor: sender(event),
      at: now,
      detail: { reason: event.data.reason, withdrawnAt: event.data.withdrawnAt },
    });
    this.logger.log({ msg: 'health referral withdrawn', caseref: event.caseref, eventId: event.id, reason: event.data.reason });
  }

  @HandlesEvent(ReferralOverdueV1)
  async onReferralOverdue(event: EventEnvelope<ReferralOverdueV1>, manager: EntityManager): Promise<void> {
    const row = await this.lock(event, manager);
    // A notice crossing our own closing update in flight would flag work that is already done.
    // Only the acceptance is timed: once answered, a late notice changes nothing.
    if (row.state !== 'requested' || row.overdueSince !== null) return;
    await manager.update(HealthReferral, { id: row.id }, { overdueSince: new Date(event.data.breachedAt) });
    await ReferralHistoryEntry.record(manager, {
      referralId: row.id,
      action: 'reported_overdue',
      state: row.state,
      actor: sender(event),
      at: this.clock.now(),
      detail: { deadline: event.data.deadline, dueAt: event.data.dueAt, breachedAt: event.data.breachedAt },
    });
    this.logger.log({ msg: 'health referral overdue', caseref: event.caseref, eventId: event.id, deadline: event.data.deadline });
  }

  private async lock(event: EventEnvelope<{ referralId: string }>, manager: EntityManager): Promise<HealthReferral> {
    const row = await manager.findOne(HealthReferral, { where: { id: event.data.referralId }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new RejectedEventError(`no referral ${event.data.referralId}`);
    if (row.caseref !== event.caseref) throw new RejectedEventError(`referral ${row.id} belongs to another case than ${event.caseref}`);
    return row;
  }
}

function sender(event: EventEnvelope<object>): string {
  return producerOfSource(event.source) ?? event.source;
}
