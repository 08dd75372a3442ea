import type { AbsenceCategory, AbsenceFigures, ReportConcern, ReportingSchool } from '@casenet/contracts';

export interface CaseReportPersonalData {
  absence: AbsenceFigures;
  notes?: string;
  /** What else the school flagged (bullying, substance use, harm…): grounds for health and court referrals. */
  concerns?: ReportConcern[];
}
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MunicipalCase } from './municipal-case.entity.js';

/** A school report as received; several may belong to one case (the duplicates linked to it). */
@Entity({ name: 'case_reports' })
export class CaseReport {
  @PrimaryColumn({ type: 'uuid', name: 'report_id' })
  reportId!: string;

  /** The school's reference for this report: status updates to the school travel under it. */
  @Column({ type: 'text', name: 'report_caseref', unique: true })
  reportCaseref!: string;

  @ManyToOne(() => MunicipalCase, (c) => c.reports)
  @JoinColumn({ name: 'case_id' })
  case!: Relation<MunicipalCase>;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** True when the report joined a case another report had opened. */
  @Column({ type: 'boolean' })
  linked!: boolean;

  @Column({ type: 'jsonb' })
  school!: ReportingSchool;

  @Column({ type: 'text' })
  category!: AbsenceCategory;

  /** Absence figures, the school's notes and concerns, sealed under the child's key (CaseReportPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt!: Date;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
