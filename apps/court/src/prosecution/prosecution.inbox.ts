import { Injectable, Logger } from '@nestjs/common';
import { CourtReferralRequestedV1, type EventEnvelope, isClosedReferralState, ReferralOverdueV1, ReferralWithdrawnV1 } from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import type { EntityManager } from 'typeorm';
import { recordHistory } from '../proceedings/proceeding-history.entity.js';
import { overdueApplies } from '../proceedings/proceeding-lifecycle.rules.js';
import type { ProceedingPersonalData } from '../proceedings/proceeding.entity.js';
import { ProceedingsService } from '../proceedings/proceedings.service.js';
import { prosecutorOverdueApplies } from './prosecution.rules.js';
import { ProsecutionService } from './prosecution.service.js';
import { ProsecutorFile } from './prosecutor-file.entity.js';
import { recordProsecutorHistory } from './prosecutor-history.entity.js';

/** Who acts when the municipality's events change a file. */
const MUNICIPALITY = 'municipality';

/**
 * What the municipality's referral events do at the court service: a referral opens a file on the
 * prosecutor's desk (not a proceeding: only a petition brings it before the court); a withdrawal
 * stops the file and, once petitioned, the proceeding; an overdue notice flags whichever still owes
 * the answer. Proceedings opened before the prosecutor's desk existed have no file: they are
 * followed as before.
 */
@Injectable()
export class ProsecutionInbox {
  private readonly logger = new Logger(ProsecutionInbox.name);

  constructor(
    private readonly prosecution: ProsecutionService,
    private readonly proceedings: ProceedingsService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  @HandlesEvent(CourtReferralRequestedV1)
  async onCourtReferralRequested(event: EventEnvelope<CourtReferralRequestedV1>, manager: EntityManager): Promise<void> {
    const { referralId, grounds, pupil, residence, school, verificationOutcome, programme, notes, requestedAt, respondBy } = event.data;
    if (await manager.exists(ProsecutorFile, { where: { id: referralId } })) {
      throw new RejectedEventError(`referral ${referralId} was already received`);
    }
    const now = this.clock.now();
    const personal: ProceedingPersonalData = { pupil, residence, school, verificationOutcome, programme, notes, grounds };
    await manager.insert(ProsecutorFile, {
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
    await recordProsecutorHistory(manager, referralId, 'received', MUNICIPALITY, { requestedAt, respondBy }, now);
    this.logger.log({ msg: 'court referral received by the prosecutor', caseref: event.caseref, eventId: event.id });
  }

  /** The municipality withdraws: the file stops, and so does the proceeding a petition opened, unless already closed. */
  @HandlesEvent(ReferralWithdrawnV1)
  async onReferralWithdrawn(event: EventEnvelope<ReferralWithdrawnV1>, manager: EntityManager): Promise<void> {
    const { referralId, reason } = event.data;
    const file = await this.prosecution.lock(manager, referralId);
    const proceeding = await this.proceedings.lock(manager, referralId);
    if (!file && !proceeding) throw new RejectedEventError(`no prosecutor's file or proceeding for referral ${referralId}`);
    if (file && !isClosedReferralState(file.state)) {
      await this.prosecution.apply(manager, file, { kind: 'withdraw', reason }, MUNICIPALITY, event);
    }
    if (proceeding && !isClosedReferralState(proceeding.state)) {
      await this.proceedings.apply(manager, proceeding, { kind: 'withdraw', reason }, MUNICIPALITY, event);
    }
    // A decision that crossed the withdrawal on the wire stands, and was already sent.
    if ((!file || isClosedReferralState(file.state)) && (!proceeding || isClosedReferralState(proceeding.state)))
      this.logger.log({ msg: 'withdrawal after the decision', caseref: event.caseref, eventId: event.id });
  }

  /** The municipality's deadline passed: the prosecutor's worklist flags the file while it is unanswered. */
  @HandlesEvent(ReferralOverdueV1)
  async onReferralOverdue(event: EventEnvelope<ReferralOverdueV1>, manager: EntityManager): Promise<void> {
    const { referralId, deadline, dueAt, breachedAt } = event.data;
    const file = await this.prosecution.lock(manager, referralId);
    if (file) {
      if (!prosecutorOverdueApplies(file.state, deadline)) {
        this.logger.log({ msg: 'overdue notice no longer applies', caseref: file.caseref, eventId: event.id, deadline, state: file.state });
        return;
      }
      file.overdueSince ??= new Date(breachedAt);
      file.updatedAt = this.clock.now();
      await manager.save(file);
      await recordProsecutorHistory(manager, file.id, 'reported_overdue', MUNICIPALITY, { deadline, dueAt, breachedAt }, file.updatedAt);
      this.logger.warn({ msg: "prosecutor's file reported overdue", caseref: file.caseref, eventId: event.id, deadline });
      return;
    }
    const proceeding = await this.proceedings.lock(manager, referralId);
    if (!proceeding) throw new RejectedEventError(`no prosecutor's file or proceeding for referral ${referralId}`);
    if (!overdueApplies(proceeding.state, deadline)) return;
    proceeding.overdueSince ??= new Date(breachedAt);
    proceeding.updatedAt = this.clock.now();
    await manager.save(proceeding);
    await recordHistory(manager, proceeding.id, 'reported_overdue', MUNICIPALITY, { deadline, dueAt, breachedAt }, proceeding.updatedAt);
  }
}
