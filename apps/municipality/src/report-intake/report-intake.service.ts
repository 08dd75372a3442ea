import { Injectable, Logger } from '@nestjs/common';
import {
  type AbsenceCategory,
  BullyingReportedV1,
  type CitizenshipCategory,
  type EventEnvelope,
  HarmReportedV1,
  type PupilIdentity,
  type ReportingSchool,
  type ReportKind,
  type Residence,
  type SchoolTrack,
  schoolYearOf,
  SocialDistressReportedV1,
  SubstanceUseReportedV1,
} from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { type EntityManager, Not } from 'typeorm';
import { CaseReport, type CaseReportDetails, type CaseReportPersonalData } from '../cases/case-report.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { type CasePersonalData, MunicipalCase } from '../cases/municipal-case.entity.js';
import { decideLink } from '../screening/case-linking.rules.js';
import { isMilanResidence } from '../screening/screening.rules.js';
import { SignalsService } from '../signals/signals.service.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { openingCareLevel } from '../cases/ways-in.js';
import { municipioOf, routeReport } from './report-routing.rules.js';

/** A school report of any kind as the municipality takes it in. */
export interface IncomingReport {
  kind: ReportKind;
  reportId: string;
  pupil: PupilIdentity;
  residence: Residence;
  school: ReportingSchool;
  /** Absence reports only. */
  category?: AbsenceCategory;
  reportedAt: string;
  schoolYear?: string;
  citizenship?: CitizenshipCategory;
  track?: SchoolTrack;
  /** Sealed with the report: absence figures or the kind's details, notes, concerns. */
  personal: CaseReportPersonalData;
}

/**
 * Intake of every school report: opens a case where the report's kind routes it (screening for
 * absence, social services for the others), or links the report to the child's open case.
 */
@Injectable()
export class ReportIntakeService {
  private readonly logger = new Logger(ReportIntakeService.name);

  constructor(
    private readonly cases: CasesService,
    private readonly pseudonyms: PseudonymsService,
    private readonly sealer: SubjectSealer,
    private readonly signals: SignalsService,
    private readonly clock: Clock,
  ) {}

  @HandlesEvent(BullyingReportedV1)
  onBullyingReported(event: EventEnvelope<BullyingReportedV1>, manager: EntityManager): Promise<void> {
    const { kind, role, online, ...report } = event.data;
    return this.receive(manager, event, { ...report, kind, personal: { notes: report.notes, details: { role, online } } });
  }

  @HandlesEvent(SubstanceUseReportedV1)
  onSubstanceUseReported(event: EventEnvelope<SubstanceUseReportedV1>, manager: EntityManager): Promise<void> {
    return this.receiveObserved(manager, event, 'substance_use', { observed: event.data.observed });
  }

  @HandlesEvent(SocialDistressReportedV1)
  onSocialDistressReported(event: EventEnvelope<SocialDistressReportedV1>, manager: EntityManager): Promise<void> {
    return this.receiveObserved(manager, event, 'social_distress', { signs: event.data.signs });
  }

  @HandlesEvent(HarmReportedV1)
  onHarmReported(event: EventEnvelope<HarmReportedV1>, manager: EntityManager): Promise<void> {
    return this.receiveObserved(manager, event, 'harm_to_child', { observed: event.data.observed });
  }

  private receiveObserved(
    manager: EntityManager,
    event: EventEnvelope<SubstanceUseReportedV1 | SocialDistressReportedV1 | HarmReportedV1>,
    kind: ReportKind,
    details: CaseReportDetails,
  ): Promise<void> {
    const { reportId, pupil, residence, school, notes, reportedAt, schoolYear, citizenship, track } = event.data;
    return this.receive(manager, event, { kind, reportId, pupil, residence, school, reportedAt, schoolYear, citizenship, track, personal: { notes, details } });
  }

  /** Open a case where the kind routes the report, or link the report to the child's open case. */
  async receive(manager: EntityManager, event: EventEnvelope<object>, report: IncomingReport): Promise<void> {
    // Reports meet on a keyed hash of the tax code, never on the tax code itself; the child's
    // pseudonym in each other agency's space is recorded at the same time (ADR 0019).
    const key = await this.pseudonyms.remember(manager, report.pupil.taxCode);
    // Reports about one child can arrive on different partitions at once: decide linking one at a
    // time per child. The same round trip asks whether the report is already here (a refusal
    // rolls the pseudonyms back with the rest).
    const [{ received }] = (await manager.query(
      'SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), EXISTS (SELECT 1 FROM case_reports WHERE report_id = $2) AS received',
      [key, report.reportId],
    )) as [{ received: boolean }];
    if (received) throw new RejectedEventError(`report ${report.reportId} was already received under another event id`);
    const open = await manager.find(MunicipalCase, {
      where: { subjectKey: key, state: Not('closed') },
      lock: { mode: 'pessimistic_write' },
    });
    const decision = decideLink(open);
    const now = this.clock.now();
    const residentInMilan = isMilanResidence(report.residence);
    const linked = decision.kind === 'link_to_case';
    const target =
      decision.kind === 'link_to_case'
        ? (open.find((c) => c.id === decision.case.id) as MunicipalCase)
        : manager.create(MunicipalCase, {
            id: randomUUID(),
            caseref: event.caseref,
            subjectKey: key,
            state: routeReport(report.kind).opensIn,
            personal: await this.sealer.seal(key, { pupil: report.pupil, residence: report.residence } satisfies CasePersonalData),
            residentInMilan,
            school: report.school,
            category: report.category ?? null,
            correlationId: event.correlationid,
            verificationRequestId: null,
            verificationOutcome: null,
            programme: null,
            programmes: null,
            wayIn: 'school_report',
            educator: null,
            closureReason: null,
            closedAt: null,
            assignee: null,
            careLevel: openingCareLevel('school_report'),
            openedAt: now,
            updatedAt: now,
          });
    // New rows are inserted, not saved: save would first look for a row with the new id.
    if (!linked) await manager.insert(MunicipalCase, target);
    const caseReport = manager.create(CaseReport, {
      reportId: report.reportId,
      reportCaseref: event.caseref,
      caseId: target.id,
      linked,
      school: report.school,
      category: report.category ?? null,
      kind: report.kind,
      // Reports from before the statistics fields carry no school year: the one they were filed in.
      schoolYear: report.schoolYear ?? schoolYearOf(new Date(report.reportedAt)),
      citizenship: report.citizenship ?? null,
      track: report.track ?? null,
      municipio: municipioOf(report.residence, residentInMilan),
      personal: await this.sealer.seal(key, report.personal),
      reportedAt: new Date(report.reportedAt),
      receivedAt: now,
    });
    await manager.insert(CaseReport, caseReport);
    await this.cases.record(manager, target.id, linked ? 'report_linked' : 'report_received', event.source, {
      reportId: report.reportId,
      school: report.school.code,
      kind: report.kind,
    });
    if (!linked) await this.signals.linkEarlier(manager, target, 'signal-linking');
    await this.cases.notifySchools(manager, target, linked ? 'linked_to_open_case' : 'received', event, caseReport);
    this.logger.log({
      msg: linked ? 'report linked to open case' : `case opened in ${target.state}`,
      caseref: target.caseref,
      eventId: event.id,
      reportCaseref: event.caseref,
      kind: report.kind,
    });
  }
}
