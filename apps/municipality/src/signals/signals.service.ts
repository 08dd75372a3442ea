import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { DrugEventRecordedV1, EventEnvelope } from '@casenet/contracts';
import { RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { MunicipalCase } from '../cases/municipal-case.entity.js';
import { ReferralWebStore } from '../referrals/referral-web.store.js';
import { DrugSignal, type DrugSignalPersonalData } from './drug-signal.entity.js';
import type { SignalListQuery } from './signal.dto.js';
import { type SignalCaseView, SignalView } from './signal.view.js';

/** SQL that holds when the child of signal `s` has an open case. */
const MATCHED = `EXISTS (SELECT 1 FROM cases c WHERE c.subject_key = s.subject_key AND c.state <> 'closed')`;

/** Police drug signals: kept by the child's subject key, so they meet the child's cases now and later. */
@Injectable()
export class SignalsService {
  private readonly logger = new Logger(SignalsService.name);

  constructor(
    private readonly dataSource: DataSource,
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
      personal: await this.sealer.seal(event.subject, { pupil: signal.pupil } satisfies DrugSignalPersonalData),
      kind: signal.kind,
      municipio: signal.municipio ?? null,
      occurredAt: new Date(signal.occurredAt),
    });
    const open = await manager.find(MunicipalCase, { where: { subjectKey: event.subject, state: Not('closed') } });
    for (const row of open) await this.web.history(manager, row.id, 'police_drug_signal', event.source, { incidentId: signal.incidentId, kind: signal.kind });
    this.logger.log({ msg: 'police drug signal received', caseref: open[0]?.caseref, eventId: event.id, linkedCases: open.length });
  }

  /** A case opens for a child police signalled before: the earlier signals go on its history, as later ones do. */
  async linkEarlier(manager: EntityManager, row: MunicipalCase, actor: string): Promise<void> {
    const earlier = await manager.find(DrugSignal, { where: { subjectKey: row.subjectKey }, order: { occurredAt: 'ASC' } });
    for (const signal of earlier) {
      await this.web.history(manager, row.id, 'police_drug_signal', actor, { incidentId: signal.incidentId, kind: signal.kind, receivedBeforeTheCase: true });
    }
  }

  list(query: SignalListQuery): Promise<[DrugSignal[], number]> {
    const builder = this.dataSource
      .getRepository(DrugSignal)
      .createQueryBuilder('s')
      .orderBy(query.sort === 'occurredAt' ? 's.occurred_at' : 's.received_at', query.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('s.incident_id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.matched) builder.andWhere(query.matched === 'true' ? MATCHED : `NOT ${MATCHED}`);
    if (query.kind) builder.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.municipio !== undefined) builder.andWhere('s.municipio = :municipio', { municipio: query.municipio });
    return builder.getManyAndCount();
  }

  async view(incidentId: string): Promise<SignalView> {
    const signal = await this.dataSource.getRepository(DrugSignal).findOneBy({ incidentId });
    if (!signal) throw new NotFoundException(`no drug signal ${incidentId}`);
    return (await this.viewsOf([signal]))[0] as SignalView;
  }

  /** The signals with their pupil opened and the cases of the same child. */
  async viewsOf(signals: DrugSignal[]): Promise<SignalView[]> {
    const keys = [...new Set(signals.map((s) => s.subjectKey))];
    const cases = keys.length === 0 ? [] : await this.dataSource.getRepository(MunicipalCase).find({ where: { subjectKey: In(keys) }, order: { openedAt: 'ASC' } });
    const bySubject = new Map<string, SignalCaseView[]>();
    for (const c of cases) bySubject.set(c.subjectKey, [...(bySubject.get(c.subjectKey) ?? []), { caseref: c.caseref, state: c.state }]);
    return Promise.all(
      signals.map(async (s) => SignalView.of(s, await this.sealer.open<DrugSignalPersonalData>(s.subjectKey, s.personal), bySubject.get(s.subjectKey) ?? [])),
    );
  }
}
