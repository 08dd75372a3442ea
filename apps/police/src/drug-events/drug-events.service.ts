import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DrugEventRecordedV1, newCaseref } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { SubjectSealer, subjectKey } from '@casenet/privacy';
import { SERVICE_CONFIG, type ServiceConfig } from '@casenet/service-runtime';
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
  ) {}

  async record(dto: RecordDrugEventDto, officer: string): Promise<DrugEvent> {
    // The same keyed hash schools and the municipality use, so the signal meets the child's case.
    const key = subjectKey(this.config.subjectKeySecret as string, dto.pupil.taxCode);
    return this.dataSource.transaction(async (manager) => {
      const event = manager.create(DrugEvent, {
        id: randomUUID(),
        caseref: newCaseref(),
        subjectKey: key,
        personal: await this.sealer.seal(key, { pupil: dto.pupil, note: dto.note } satisfies DrugEventPersonalData),
        kind: dto.kind,
        municipio: dto.municipio ?? null,
        occurredAt: new Date(dto.occurredAt),
        recordedBy: officer,
      });
      const saved = await manager.save(event);
      await this.outbox.publish(manager, {
        type: DrugEventRecordedV1.type,
        to: 'municipality',
        caseref: saved.caseref,
        subject: key,
        source: { incidentId: saved.id, ...dto },
      });
      this.logger.log({ msg: 'drug event recorded', caseref: saved.caseref, kind: dto.kind });
      return saved;
    });
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

  list(query: DrugEventListQuery): Promise<[DrugEvent[], number]> {
    const builder = this.dataSource
      .getRepository(DrugEvent)
      .createQueryBuilder('e')
      .orderBy(query.sort === 'recordedAt' ? 'e.recorded_at' : 'e.occurred_at', query.order === 'asc' ? 'ASC' : 'DESC')
      .addOrderBy('e.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.kind) builder.andWhere('e.kind = :kind', { kind: query.kind });
    if (query.municipio !== undefined) builder.andWhere('e.municipio = :municipio', { municipio: query.municipio });
    if (query.from) builder.andWhere('e.occurred_at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('e.occurred_at < :to', { to: new Date(query.to) });
    return builder.getManyAndCount();
  }
}
