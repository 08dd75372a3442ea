import { Injectable } from '@nestjs/common';
import { type EventEnvelope, VerificationCompletedV1 } from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import type { EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';

/** Police outcomes coming back to the case that asked for them. */
@Injectable()
export class VerificationService {
  constructor(private readonly cases: CasesService) {}

  @HandlesEvent(VerificationCompletedV1)
  async onVerificationCompleted(event: EventEnvelope<VerificationCompletedV1>, manager: EntityManager): Promise<void> {
    const row = await this.cases.lock(manager, { verificationRequestId: event.data.requestId });
    if (!row) throw new RejectedEventError(`no case waits for verification ${event.data.requestId}`);
    if (row.caseref !== event.caseref) {
      throw new RejectedEventError(`verification ${event.data.requestId} belongs to ${row.caseref}, not ${event.caseref}`);
    }
    await this.cases.apply(manager, row, { kind: 'record_verification', outcome: event.data.outcome }, event.source, event);
  }
}
