import type {
  AbsenceCategory,
  AbsenceFigures,
  BullyingRole,
  CitizenshipCategory,
  DistressSign,
  HarmObservation,
  PupilIdentity,
  ReportConcern,
  ReportKind,
  ReportStatus,
  Residence,
  SchoolLevel,
  SchoolTrack,
  SubstanceObservation,
} from '@casenet/contracts';

/** What a report of a kind other than absence names: the bullying role, what was observed, the signs of distress. */
export interface ReportDetails {
  role?: BullyingRole;
  online?: boolean;
  observed?: (SubstanceObservation | HarmObservation)[];
  signs?: DistressSign[];
}

/** What `Report.personal` holds once unsealed. */
export interface ReportPersonalData {
  pupil: PupilIdentity;
  residence: Residence;
  /** Absence reports only. */
  absence?: AbsenceFigures;
  concerns?: ReportConcern[];
  notes?: string;
  details?: ReportDetails;
}
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { ReportStatusEntry } from './report-status-entry.entity.js';

/** A report as the school filed it, and the status the municipality last told the school. */
@Entity({ name: 'reports' })
export class Report {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  caseref!: string;

  @Column({ type: 'text', name: 'school_code' })
  schoolCode!: string;

  @Column({ type: 'text', name: 'school_name' })
  schoolName!: string;

  @Column({ type: 'text', name: 'school_level' })
  schoolLevel!: SchoolLevel;

  /** Absence reports only: never attended or irregular attendance. */
  @Column({ type: 'text', nullable: true })
  category!: AbsenceCategory | null;

  /** Which kind of report; null once the child is erased. */
  @Column({ type: 'text', nullable: true })
  kind!: ReportKind | null;

  /** Statistics fields the school keeps of its own reports; emptied when the child is erased. */
  @Column({ type: 'text', name: 'school_year', nullable: true })
  schoolYear!: string | null;

  @Column({ type: 'text', nullable: true })
  citizenship!: CitizenshipCategory | null;

  @Column({ type: 'text', nullable: true })
  track!: SchoolTrack | null;

  /** The child's pseudonymous key: names the data key that seals `personal`. */
  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  /** Pupil, residence, absence figures and notes, sealed under the child's key (ReportPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  /** `submitted` until the municipality acknowledges, then the codes it sends. */
  @Column({ type: 'text' })
  status!: ReportStatus | 'submitted';

  @Column({ type: 'text', name: 'filed_by' })
  filedBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'filed_at' })
  filedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @OneToMany(() => ReportStatusEntry, (entry) => entry.report)
  history?: Relation<ReportStatusEntry[]>;
}
