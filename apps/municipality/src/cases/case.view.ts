import { ApiProperty } from '@nestjs/swagger';
import { assessReport, type ScreeningAssessment } from '../screening/screening.rules.js';
import type { CaseHistoryEntry } from './case-history.entity.js';
import { CASE_STATES } from './case-lifecycle.rules.js';
import type { MunicipalCase } from './municipal-case.entity.js';

/** The dropout unit's view of a case: everything the municipality holds about it. */
export class CaseView {
  @ApiProperty()
  caseref!: string;

  @ApiProperty({ enum: CASE_STATES })
  state!: string;

  @ApiProperty()
  pupil!: object;

  @ApiProperty()
  residence!: object;

  @ApiProperty()
  school!: object;

  @ApiProperty()
  category!: string;

  @ApiProperty({ description: 'Screening assessment of the first report' })
  screening!: ScreeningAssessment;

  @ApiProperty({ nullable: true })
  verificationOutcome!: string | null;

  @ApiProperty({ nullable: true })
  programme!: string | null;

  @ApiProperty({ nullable: true })
  educator!: string | null;

  @ApiProperty({ nullable: true })
  closureReason!: string | null;

  @ApiProperty()
  openedAt!: string;

  @ApiProperty({ nullable: true })
  closedAt!: string | null;

  @ApiProperty({ description: 'Reports about this child: the one that opened the case and those linked to it' })
  reports!: { reportId: string; reportCaseref: string; linked: boolean; school: object; category: string; absence: object; notes: string | null; reportedAt: string }[];

  @ApiProperty({ required: false })
  history?: { action: string; actor: string; detail: object; at: string }[];

  static of(row: MunicipalCase, history?: CaseHistoryEntry[]): CaseView {
    const first = row.reports?.[0];
    return {
      caseref: row.caseref,
      state: row.state,
      pupil: row.pupil,
      residence: row.residence,
      school: row.school,
      category: row.category,
      screening: assessReport({
        residence: row.residence,
        category: row.category,
        absence: first?.absence ?? { schoolDays: 1, absentDays: 0 },
      }),
      verificationOutcome: row.verificationOutcome,
      programme: row.programme,
      educator: row.educator,
      closureReason: row.closureReason,
      openedAt: row.openedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      reports: (row.reports ?? []).map((r) => ({
        reportId: r.reportId,
        reportCaseref: r.reportCaseref,
        linked: r.linked,
        school: r.school,
        category: r.category,
        absence: r.absence,
        notes: r.notes,
        reportedAt: r.reportedAt.toISOString(),
      })),
      history: history?.map((h) => ({ action: h.action, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
    };
  }
}
