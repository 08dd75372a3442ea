import { Injectable, Logger } from '@nestjs/common';
import type { DrugEventRecordedV1, EventEnvelope } from '@casenet/contracts';
import { RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { type EntityManager, Not } from 'typeorm';
import { MunicipalCase } from '../cases/municipal-case.entity.js';
import { ReferralWebStore } from '../referrals/referral-web.store.js';
import { DrugSignal, type DrugSignalPersonalData } from './drug-signal.entity.js';

/** Police drug signals: kept by the child's subject key, so they meet the child's cases now and later. */
@Injectable()
export class SignalsService {
  private readonly logger = new Logger(SignalsService.name);

  constructor(
    private readonly sealer: SubjectSealer,
    private readonly web: ReferralWebStore,
  ) {}

  async receive(event: EventEnvelope<DrugEventRecordedV1>, manager: EntityManager): Promise<void> {
    const signal = event.data;
    if (await manager.exists(DrugSignal, { where: { incidentId: signal.incidentId } })) {
      throw new RejectedEventError(`incident ${signal.incidentId} was already received under another event id`);
    }
    await manager.insert(DrugSignal, {
      incidentId: signal.incidentId,
      subjectKey: event.subject,
      caseref: event.caseref,
      personal: await this.sealer.seal(event.subject, {
        pupil: signal.pupil,
        kind: signal.kind,
        municipio: signal.municipio ?? null,
        occurredAt: signal.occurredAt,
      } satisfies DrugSignalPersonalData),
    });
    const open = await manager.find(MunicipalCase, { where: { subjectKey: event.subject, state: Not('closed') } });
    for (const row of open) await this.web.history(manager, row.id, 'police_drug_signal', event.source, { incidentId: signal.incidentId });
    this.logger.log({ msg: 'police drug signal received', caseref: open[0]?.caseref, eventId: event.id, linkedCases: open.length });
  }
}
