import { ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Principal } from '@casenet/auth';
import { type Erased, SubjectSealer, subjectKey } from '@casenet/privacy';
import { Clock, type Page, SERVICE_CONFIG, type ServiceConfig } from '@casenet/service-runtime';
import {
  AbsenceReportedV1,
  BullyingReportedV1,
  type EventEnvelope,
  HarmReportedV1,
  newCaseref,
  type ReportKind,
  ReportStatusChangedV1,
  schoolYearOf,
  SocialDistressReportedV1,
  SubstanceUseReportedV1,
} from '@casenet/contracts';
import { HandlesEvent, OutboxService, RejectedEventError } from '@casenet/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { ReportBody } from './report-bodies.dto.js';
import { Report, type ReportDetails, type ReportPersonalData } from './report.entity.js';
import { ReportView } from './report.view.js';

@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the report and, in the same transaction, the event that hands it to the municipality.
   * A school files only in its own name: the school must be one the token acts for.
   */
  async file(dto: ReportBody, principal: Principal): Promise<ReportView> {
    if (!principal.schoolCodes.includes(dto.school.code)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: [`school.code: ${dto.school.code} is not a school this token acts for (${principal.schoolCodes.join(', ')})`],
      });
    }
    const filedBy = principal.subject;
    const kind: ReportKind = dto.kind ?? 'absence';
    const subject = subjectKey(this.config.subjectKeySecret as string, dto.pupil.taxCode);
    const details = detailsOf(dto);
    const personal: ReportPersonalData =
      dto.kind === undefined || dto.kind === 'absence'
        ? { pupil: dto.pupil, residence: dto.residence, absence: dto.absence, concerns: dto.concerns, notes: dto.notes }
        : { pupil: dto.pupil, residence: dto.residence, notes: dto.notes, details };
    const sealed = await this.sealer.seal(subject, personal);
    const report = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // The school year the report was filed in unless the school names another; CFP pupils are on the IeFP track.
      const statistics = {
        schoolYear: dto.schoolYear ?? schoolYearOf(now),
        citizenship: dto.citizenship,
        track: dto.track ?? (dto.school.level === 'cfp' ? ('iefp' as const) : undefined),
      };
      const row = manager.create(Report, {
        id: randomUUID(),
        caseref: newCaseref(),
        schoolCode: dto.school.code,
        schoolName: dto.school.name,
        schoolLevel: dto.school.level,
        category: dto.kind === undefined || dto.kind === 'absence' ? dto.category : null,
        kind,
        schoolYear: statistics.schoolYear,
        citizenship: statistics.citizenship ?? null,
        track: statistics.track ?? null,
        subjectKey: subject,
        personal: sealed,
        status: 'submitted',
        filedBy,
        filedAt: now,
        updatedAt: now,
      });
      // The id is new: insert, not save (which would first look for a row with that id).
      await manager.insert(Report, row);
      const envelope = { to: 'municipality', caseref: row.caseref, subject } as const;
      const common = {
        reportId: row.id,
        pupil: dto.pupil,
        residence: dto.residence,
        school: dto.school,
        notes: dto.notes,
        reportedAt: row.filedAt.toISOString(),
        ...statistics,
      };
      switch (dto.kind) {
        case undefined:
        case 'absence':
          await this.outbox.publish(
            AbsenceReportedV1,
            { ...envelope, source: { ...common, category: dto.category, absence: dto.absence, concerns: dto.concerns } },
            manager,
          );
          break;
        case 'bullying':
        case 'cyberbullying':
          await this.outbox.publish(
            BullyingReportedV1,
            { ...envelope, source: { ...common, kind: dto.kind, role: dto.role, online: dto.kind === 'cyberbullying' || dto.online } },
            manager,
          );
          break;
        case 'substance_use':
          await this.outbox.publish(SubstanceUseReportedV1, { ...envelope, source: { ...common, observed: dto.observed } }, manager);
          break;
        case 'social_distress':
          await this.outbox.publish(SocialDistressReportedV1, { ...envelope, source: { ...common, signs: dto.signs } }, manager);
          break;
        case 'harm_to_child':
          await this.outbox.publish(HarmReportedV1, { ...envelope, source: { ...common, observed: dto.observed } }, manager);
          break;
      }
      return row;
    });
    this.logger.log({ msg: 'report filed', caseref: report.caseref, reportId: report.id, level: report.schoolLevel, kind });
    // The answer is what was just written: a new report has no status history yet.
    return ReportView.of({ ...report, history: [] }, personal);
  }

  /** One of these schools' reports; another school's is as unknown as a missing one (404), so its existence is not confirmed. */
  async get(schoolCodes: readonly string[], id: string): Promise<Report> {
    const report =
      schoolCodes.length === 0
        ? null
        : await this.dataSource.getRepository(Report).findOne({
            where: { id, schoolCode: In(schoolCodes) },
            relations: { history: true },
            order: { history: { changedAt: 'ASC', id: 'ASC' } },
          });
    if (!report) throw new NotFoundException(`no report ${id}`);
    return report;
  }

  /** One report as the school sees it: the GET route and every action answer with this. */
  async view(schoolCodes: readonly string[], id: string): Promise<ReportView> {
    const report = await this.get(schoolCodes, id);
    return ReportView.of(report, await this.personalOf(report));
  }

  /** The sealed personal part, or ERASED once the child's key has been destroyed. */
  personalOf(report: Report): Promise<ReportPersonalData | Erased> {
    return this.sealer.open<ReportPersonalData>(report.subjectKey, report.personal);
  }

  /** These schools' reports only: the filter is in the query, so paging and the total never count another school's. */
  async list(schoolCodes: readonly string[], limit: number, offset: number): Promise<Page<ReportView>> {
    if (schoolCodes.length === 0) return { items: [], total: 0 };
    const [rows, total] = await this.dataSource
      .getRepository(Report)
      .findAndCount({ where: { schoolCode: In(schoolCodes) }, order: { filedAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items: await Promise.all(rows.map(async (r) => ReportView.of(r, await this.personalOf(r)))), total };
  }

  /** The municipality tells the school where its report stands. */
  @HandlesEvent(ReportStatusChangedV1)
  async onReportStatusChanged(event: EventEnvelope<ReportStatusChangedV1>, manager: EntityManager): Promise<void> {
    // One round trip moves the status and records it, locking the row as the update does; only
    // when nothing moved is the report read again, to say why the event is refused.
    const moved = (await manager.query(
      `WITH moved AS (
         UPDATE reports SET status = $3, updated_at = $4 WHERE id = $1 AND caseref = $2 RETURNING id
       )
       INSERT INTO report_status_history (report_id, status, changed_at, event_id) SELECT id, $3, $5, $6 FROM moved RETURNING report_id`,
      [event.data.reportId, event.caseref, event.data.status, this.clock.now(), new Date(event.data.changedAt), event.id],
    )) as unknown[];
    if (moved.length > 0) return;
    const report = await manager.findOne(Report, { where: { id: event.data.reportId } });
    if (!report) throw new RejectedEventError(`no report ${event.data.reportId} at schools`);
    throw new RejectedEventError(`report ${report.id} belongs to ${report.caseref}, not ${event.caseref}`);
  }
}

/** What a report of a kind other than absence names, kept sealed with the pupil's identity. */
function detailsOf(dto: ReportBody): ReportDetails | undefined {
  switch (dto.kind) {
    case 'bullying':
      return { role: dto.role, online: dto.online };
    case 'cyberbullying':
      return { role: dto.role, online: true };
    case 'substance_use':
    case 'harm_to_child':
      return { observed: dto.observed };
    case 'social_distress':
      return { signs: dto.signs };
    default:
      return undefined;
  }
}
