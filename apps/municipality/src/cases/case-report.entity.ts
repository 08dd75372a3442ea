import type {
  AbsenceCategory,
  AbsenceFigures,
  BullyingRole,
  CitizenshipCategory,
  DistressSign,
  HarmObservation,
  ReportConcern,
  ReportingSchool,
  ReportKind,
  SchoolTrack,
  SubstanceObservation,
} from '@casenet/contracts';

/** What a report of a kind other than absence names: the bullying role, what was observed, the signs of distress. */
export interface CaseReportDetails {
  role?: BullyingRole;
  online?: boolean;
  observed?: (SubstanceObservation | HarmObservation)[];
  signs?: DistressSign[];
}

export interface CaseReportPersonalData {
  /** Absence reports only. */
  absence?: AbsenceFigures;
  notes?: string;
  /** What else the school flagged (bullying, substance use, harm…): grounds for health and court referrals. */
  concerns?: ReportConcern[];
  details?: CaseReportDetails;
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

  /** Absence reports only. */
  @Column({ type: 'text', nullable: true })
  category!: AbsenceCategory | null;

  /** Which kind of report it is: it decides the route (ADR 0020); null once the child is erased. */
  @Column({ type: 'text', nullable: true })
  kind!: ReportKind | null;

  /** Statistics fields for the Osservatorio, in clear for its SQL and emptied when the child is erased. */
  @Column({ type: 'text', name: 'school_year', nullable: true })
  schoolYear!: string | null;

  @Column({ type: 'text', nullable: true })
  citizenship!: CitizenshipCategory | null;

  @Column({ type: 'text', nullable: true })
  track!: SchoolTrack | null;

  /** Derived from the residence: the municipio (1–9) of a child living in Milan, when the school gave it. */
  @Column({ type: 'integer', nullable: true })
  municipio!: number | null;

  /** Absence figures or the kind's details, the school's notes and concerns, sealed under the child's key (CaseReportPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt!: Date;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
