import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DrugEventRecordedV1, type EventEnvelope } from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import type { Page } from '@casenet/service-runtime';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { MunicipalCase } from '../cases/municipal-case.entity.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { CaseWebStore } from '../case-web/case-web.store.js';
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
    private readonly web: CaseWebStore,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  @HandlesEvent(DrugEventRecordedV1)
  async onDrugEventRecorded(event: EventEnvelope<DrugEventRecordedV1>, manager: EntityManager): Promise<void> {
    const signal = event.data;
    if (await manager.exists(DrugSignal, { where: { incidentId: signal.incidentId } })) {
      throw new RejectedEventError(`incident ${signal.incidentId} was already received under another event id`);
    }
    // Police knows the child by its own pseudonym; the signal is kept under ours, so it meets the cases.
    const subjectKey = await this.pseudonyms.fromRecipient(manager, 'police', event.subject, signal.pupil.taxCode);
    await manager.insert(DrugSignal, {
      incidentId: signal.incidentId,
      subjectKey,
      caseref: event.caseref,
      personal: await this.sealer.seal(subjectKey, {
        pupil: signal.pupil,
        kind: signal.kind,
        municipio: signal.municipio ?? null,
        occurredAt: signal.occurredAt,
      } satisfies DrugSignalPersonalData),
      receivedAt: this.web.deadlines.clock.now(),
    });
    const open = await manager.find(MunicipalCase, { where: { subjectKey, state: Not('closed') } });
    for (const row of open) await this.web.history(manager, row.id, 'police_drug_signal', event.source, { incidentId: signal.incidentId });
    this.logger.log({ msg: 'police drug signal received', caseref: open[0]?.caseref, eventId: event.id, linkedCases: open.length });
  }

  /** A case opens for a child police signalled before: the earlier signals go on its history, as later ones do. */
  async linkEarlier(manager: EntityManager, row: MunicipalCase, actor: string): Promise<void> {
    // The kind stays sealed in the signal: the history names the incident only, as for later signals.
    const earlier = await manager.find(DrugSignal, { where: { subjectKey: row.subjectKey }, order: { receivedAt: 'ASC' } });
    for (const signal of earlier) {
      await this.web.history(manager, row.id, 'police_drug_signal', actor, { incidentId: signal.incidentId, receivedBeforeTheCase: true });
    }
  }

  /**
   * Whether the child has an open case is SQL; kind, municipio and when are sealed under the
   * child's key, so those filters and the `occurredAt` order run on the opened signals. A handful
   * arrive a day: opening them for a worklist costs little, and an erased child's drops out of every filter.
   */
  async list(query: SignalListQuery): Promise<Page<SignalView>> {
    const builder = this.dataSource.getRepository(DrugSignal).createQueryBuilder('s').orderBy('s.received_at', 'ASC').addOrderBy('s.incident_id', 'ASC');
    if (query.matched) builder.andWhere(query.matched === 'true' ? MATCHED : `NOT ${MATCHED}`);
    const views = (await this.viewsOf(await builder.getMany())).filter(
      (view) => (!query.kind || view.kind === query.kind) && (query.municipio === undefined || view.municipio === query.municipio),
    );
    const key = (view: SignalView) => (query.sort === 'occurredAt' ? (view.occurredAt ?? '') : view.receivedAt);
    const direction = query.order === 'desc' ? -1 : 1;
    views.sort((a, b) => direction * key(a).localeCompare(key(b)) || a.incidentId.localeCompare(b.incidentId));
    return { items: views.slice(query.offset, query.offset + query.limit), total: views.length };
  }

  async view(incidentId: string): Promise<SignalView> {
    const signal = await this.dataSource.getRepository(DrugSignal).findOneBy({ incidentId });
    if (!signal) throw new NotFoundException(`no drug signal ${incidentId}`);
    return (await this.viewsOf([signal]))[0] as SignalView;
  }

  /** The signals with their pupil opened and the cases of the same child. */
  async viewsOf(signals: DrugSignal[]): Promise<SignalView[]> {
    const keys = [...new Set(signals.map((s) => s.subjectKey))];
    const cases =
      keys.length === 0 ? [] : await this.dataSource.getRepository(MunicipalCase).find({ where: { subjectKey: In(keys) }, order: { openedAt: 'ASC' } });
    const bySubject = new Map<string, SignalCaseView[]>();
    for (const c of cases) bySubject.set(c.subjectKey, [...(bySubject.get(c.subjectKey) ?? []), { caseref: c.caseref, state: c.state }]);
    return Promise.all(
      signals.map(async (s) => SignalView.of(s, await this.sealer.open<DrugSignalPersonalData>(s.subjectKey, s.personal), bySubject.get(s.subjectKey) ?? [])),
    );
  }
}
