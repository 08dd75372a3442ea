import { ApiProperty } from '@nestjs/swagger';
import { assessReport, type ScreeningAssessment } from '../screening/screening.rules.js';
import { type Erased, isErased } from '@casenet/privacy';
import type { DrugSignalPersonalData } from '../signals/drug-signal.entity.js';
import type { OpenedCase } from './cases.service.js';
import { CASE_STATES } from './case-lifecycle.rules.js';
import { ReferralView } from '../referrals/referral.view.js';
import { MandateView } from '../mandates/mandate.view.js';
import { InvestigationView } from '../investigations/investigation.view.js';
import { REPORT_CONCERNS, REPORT_KINDS, type ReportKind } from '@casenet/contracts';
import { CARE_LEVELS, WAYS_IN } from './ways-in.js';
import { CITIZENSHIP_CATEGORIES } from '../programmes/citizenship.js';

export class DrugSignalView {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ description: 'True once the child’s data has been erased: what, where and when are gone with it' }) erased!: boolean;
  @ApiProperty({ nullable: true, example: 'possession_for_personal_use' }) kind!: string | null;
  @ApiProperty({ nullable: true, example: 2 }) municipio!: number | null;
  @ApiProperty({ nullable: true, format: 'date-time' }) occurredAt!: string | null;

  static of(incidentId: string, personal: DrugSignalPersonalData | Erased): DrugSignalView {
    if (isErased(personal)) return { incidentId, erased: true, kind: null, municipio: null, occurredAt: null };
    return { incidentId, erased: false, kind: personal.kind ?? null, municipio: personal.municipio ?? null, occurredAt: personal.occurredAt ?? null };
  }
}

/** Every action on a case answers with the case as `GET /cases/{caseref}` shows it. */
export const CASE_READ_BACK = { get: '/cases/{caseref}', parameters: { caseref: '$request.path.caseref' } };

/** The dropout unit's view of a case: everything the municipality holds about it. */
export class CaseView {
  @ApiProperty()
  caseref!: string;

  @ApiProperty({ enum: CASE_STATES })
  state!: string;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ nullable: true })
  pupil!: object | null;

  @ApiProperty({ nullable: true })
  residence!: object | null;

  @ApiProperty()
  school!: object;

  @ApiProperty({ nullable: true, description: 'The absence category of the report that opened the case; null when another kind opened it' })
  category!: string | null;

  @ApiProperty({ enum: REPORT_KINDS, isArray: true, description: 'The kinds of the reports on this case, in the order they arrived' })
  kinds!: string[];

  @ApiProperty({ enum: REPORT_CONCERNS, isArray: true, description: 'Concerns the schools flagged across the reports' })
  concerns!: string[];

  @ApiProperty({ nullable: true, example: 'caseworker-m.bianchi' })
  assignee!: string | null;

  @ApiProperty({ description: 'A deadline of this case (a referral, a mandate, an investigation) has passed and is not settled' })
  overdue!: boolean;

  @ApiProperty({
    nullable: true,
    enum: CARE_LEVELS,
    description:
      'Explicit on every case: `unassessed` until taken in charge (school and local-services reports), `I` for care without a court mandate (a family’s spontaneous access opens at I; taking in charge sets it), `II` once the juvenile court mandated care. Null only once the child’s data has been erased.',
  })
  careLevel!: string | null;

  @ApiProperty({ nullable: true, enum: WAYS_IN, description: 'How the case reached the unit; null once erased' })
  wayIn!: string | null;

  @ApiProperty({ nullable: true, enum: CITIZENSHIP_CATEGORIES, description: 'The child’s citizenship category, when stated (intake or taking in charge)' })
  citizenship!: string | null;

  @ApiProperty({ nullable: true, description: 'What local services or the family said at intake' })
  intakeNotes!: string | null;

  @ApiProperty({ type: [ReferralView], required: false, description: 'The referral web: every agency involved and where each loop stands' })
  referrals?: ReferralView[];

  @ApiProperty({ type: [MandateView], required: false })
  mandates?: MandateView[];

  @ApiProperty({ type: [InvestigationView], required: false, description: 'Psychosocial investigations the juvenile court asked of social services' })
  investigations?: InvestigationView[];

  @ApiProperty({ type: [DrugSignalView], required: false, description: 'Police drug signals about the same child' })
  drugSignals?: DrugSignalView[];

  @ApiProperty({ description: 'Screening assessment of the first report; null for a case another kind of report opened', nullable: true })
  screening!: ScreeningAssessment | null;

  @ApiProperty({ nullable: true })
  verificationOutcome!: string | null;

  @ApiProperty({ nullable: true, description: 'The first programme of `programmes` (kept for clients of the single-programme body)' })
  programme!: string | null;

  @ApiProperty({ type: [String], description: 'The programmes of the catalogue the case was taken in charge with' })
  programmes!: string[];

  @ApiProperty({ nullable: true })
  educator!: string | null;

  @ApiProperty({ nullable: true })
  closureReason!: string | null;

  @ApiProperty()
  openedAt!: string;

  @ApiProperty({ nullable: true })
  closedAt!: string | null;

  @ApiProperty({ description: 'Reports about this child: the one that opened the case and those linked to it' })
  reports!: {
    reportId: string;
    reportCaseref: string;
    linked: boolean;
    school: object;
    kind: string | null;
    category: string | null;
    absence: object | null;
    details: object | null;
    notes: string | null;
    schoolYear: string | null;
    citizenship: string | null;
    track: string | null;
    municipio: number | null;
    reportedAt: string;
  }[];

  @ApiProperty({ required: false })
  history?: { action: string; actor: string; detail: object; at: string }[];

  static of(
    { row, personal, reports, history, web, signals, reasons }: OpenedCase,
    operativeParts: Map<string, string | null> = new Map(),
    overdue = false,
  ): CaseView {
    const erased = isErased(personal);
    const first = reports[0];
    const firstAbsence = first && !isErased(first.personal) ? first.personal.absence : undefined;
    return {
      caseref: row.caseref,
      state: row.state,
      erased,
      pupil: erased ? null : personal.pupil,
      residence: erased ? null : personal.residence,
      school: row.school,
      category: row.category,
      kinds: [...new Set(reports.flatMap(({ report: r }) => (r.kind ? [r.kind] : [])))] satisfies ReportKind[],
      concerns: [...new Set(reports.flatMap(({ personal: p }) => (isErased(p) ? [] : (p.concerns ?? []))))],
      assignee: row.assignee,
      overdue,
      careLevel: row.careLevel,
      wayIn: row.wayIn,
      citizenship: erased ? null : (personal.citizenship ?? null),
      intakeNotes: erased ? null : (personal.notes ?? null),
      referrals: web?.referrals.map((r) => ReferralView.of(r, reasons?.get(r.id) ?? null, web.deadlines.get(r.id))),
      mandates: web?.mandates.map((m) => MandateView.of(m, operativeParts.get(m.orderId) ?? null, web.deadlines.get(m.orderId))),
      investigations: web?.investigations.map((i) => InvestigationView.of(i, operativeParts.get(i.id) ?? null, web.deadlines.get(i.id))),
      drugSignals: web && signals?.map(({ signal, personal: p }) => DrugSignalView.of(signal.incidentId, p)),
      screening:
        erased || row.category === null || (row.wayIn !== null && row.wayIn !== 'school_report')
          ? null
          : assessReport({ residence: personal.residence, category: row.category, absence: firstAbsence ?? { schoolDays: 1, absentDays: 0 } }),
      verificationOutcome: row.verificationOutcome,
      programme: row.programme,
      programmes: row.programmes ?? [],
      educator: row.educator,
      closureReason: row.closureReason,
      openedAt: row.openedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      reports: reports.map(({ report: r, personal: p }) => ({
        reportId: r.reportId,
        reportCaseref: r.reportCaseref,
        linked: r.linked,
        school: r.school,
        kind: r.kind,
        category: r.category,
        absence: isErased(p) ? null : (p.absence ?? null),
        details: isErased(p) ? null : (p.details ?? null),
        notes: isErased(p) ? null : (p.notes ?? null),
        schoolYear: r.schoolYear,
        citizenship: r.citizenship,
        track: r.track,
        municipio: r.municipio,
        reportedAt: r.reportedAt.toISOString(),
      })),
      history: history?.map((h) => ({ action: h.action, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
    };
  }
}
