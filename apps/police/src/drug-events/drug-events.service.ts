import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DrugEventRecordedV1, newCaseref } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { recipientPseudonym, SubjectSealer } from '@casenet/privacy';
import { Clock, type Page, SERVICE_CONFIG, type ServiceConfig } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DrugEventListQuery, DrugEventView, type RecordDrugEventDto } from './drug-event.dto.js';
import { DrugEvent, type DrugEventPersonalData } from './drug-event.entity.js';

/** Officers record a drug-related event about a pupil; the coordinator hears of it, as the policy allows. */
@Injectable()
export class DrugEventsService {
  private readonly logger = new Logger(DrugEventsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly clock: Clock,
  ) {}

  async record(dto: RecordDrugEventDto, officer: string): Promise<DrugEventView> {
    // Police's own pseudonym of the child (ADR 0019): the municipality relates it to the child's case;
    // police cannot compute the pseudonym any other agency knows the child by.
    const key = recipientPseudonym('police', this.config.pseudonymSecrets.police as string, dto.pupil.taxCode);
    const recorded = await this.dataSource.transaction(async (manager) => {
      const event = manager.create(DrugEvent, {
        id: randomUUID(),
        caseref: newCaseref(),
        subjectKey: key,
        personal: await this.sealer.seal(key, {
          pupil: dto.pupil,
          note: dto.note,
          kind: dto.kind,
          municipio: dto.municipio ?? null,
          occurredAt: new Date(dto.occurredAt).toISOString(),
        } satisfies DrugEventPersonalData),
        recordedBy: officer,
        recordedAt: this.clock.now(),
      });
      const saved = await manager.save(event);
      await this.outbox.publish(
        DrugEventRecordedV1,
        {
          to: 'municipality',
          caseref: saved.caseref,
          subject: key,
          source: { incidentId: saved.id, pupil: dto.pupil, kind: dto.kind, municipio: dto.municipio, occurredAt: dto.occurredAt },
        },
        manager,
      );
      this.logger.log({ msg: 'drug event recorded', caseref: saved.caseref });
      return saved;
    });
    return this.view(recorded.id);
  }

  /** One recorded event as the police holds it: the GET route and the recording action answer with this. */
  async view(id: string): Promise<DrugEventView> {
    const event = await this.dataSource.getRepository(DrugEvent).findOneBy({ id });
    if (!event) throw new NotFoundException(`no drug event ${id}`);
    return this.viewOf(event);
  }

  async viewOf(event: DrugEvent): Promise<DrugEventView> {
    return DrugEventView.of(event, await this.sealer.open<DrugEventPersonalData>(event.subjectKey, event.personal));
  }

  /**
   * What happened, where and when is sealed under each child's key, so the filters and the
   * `occurredAt` order run on the opened rows, not in SQL. Police record a handful of these a day:
   * opening them all for a worklist costs little, and an erased child's event drops out of every filter.
   */
  async list(query: DrugEventListQuery): Promise<Page<DrugEventView>> {
    const rows = await this.dataSource.getRepository(DrugEvent).find({ order: { recordedAt: 'DESC', id: 'ASC' } });
    const from = query.from ? Date.parse(query.from) : undefined;
    const to = query.to ? Date.parse(query.to) : undefined;
    const views = (await Promise.all(rows.map((row) => this.viewOf(row)))).filter((view) => {
      const at = view.occurredAt === null ? undefined : Date.parse(view.occurredAt);
      if (query.kind && view.kind !== query.kind) return false;
      if (query.municipio !== undefined && view.municipio !== query.municipio) return false;
      if (from !== undefined && (at === undefined || at < from)) return false;
      if (to !== undefined && (at === undefined || at >= to)) return false;
      return true;
    });
    const key = (view: DrugEventView) => (query.sort === 'recordedAt' ? view.recordedAt : (view.occurredAt ?? ''));
    const direction = query.order === 'asc' ? 1 : -1;
    views.sort((a, b) => direction * key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
    return { items: views.slice(query.offset, query.offset + query.limit), total: views.length };
  }
}
