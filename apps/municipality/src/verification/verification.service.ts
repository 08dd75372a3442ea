import { Injectable } from '@nestjs/common';
import { DomainRuleError, type EventEnvelope, type VerificationCompletedV1 } from '@casenet/contracts';
import { RejectedEventError } from '@casenet/messaging';
import type { EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';

/** Police outcomes coming back to the case that asked for them. */
@Injectable()
export class VerificationService {
  constructor(private readonly cases: CasesService) {}

  async receiveOutcome(event: EventEnvelope<VerificationCompletedV1>, manager: EntityManager): Promise<void> {
    const row = await this.cases.lock(manager, { verificationRequestId: event.data.requestId });
    if (!row) throw new RejectedEventError(`no case waits for verification ${event.data.requestId}`);
    if (row.caseref !== event.caseref) {
      throw new RejectedEventError(`verification ${event.data.requestId} belongs to ${row.caseref}, not ${event.caseref}`);
    }
    try {
      await this.cases.apply(manager, row, { kind: 'record_verification', outcome: event.data.outcome }, event.source, event);
    } catch (error) {
      if (error instanceof DomainRuleError) throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
