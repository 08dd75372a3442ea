import type { AbsenceCategory, PupilIdentity, ReportingSchool, Residence, VerificationOutcome } from '@casenet/contracts';
import type { CitizenshipCategory } from '../programmes/citizenship.js';
import type { CareLevel, WayIn } from './ways-in.js';

/** What `MunicipalCase.personal` holds once unsealed. */
export interface CasePersonalData {
  pupil: PupilIdentity;
  residence: Residence;
  /** Stated at intake (local services, a family's access) or when the case was taken in charge. */
  citizenship?: CitizenshipCategory;
  /** What local services or the family said, for intakes. */
  notes?: string;
}
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';
import type { CaseState } from './case-lifecycle.rules.js';
import { CaseReport } from './case-report.entity.js';

/** One episode of a child's case at the municipality; at most one open per child. */
@Entity({ name: 'cases' })
export class MunicipalCase {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  caseref!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text' })
  state!: CaseState;

  /** Pupil identity and residence, sealed under the child's key (CasePersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'boolean', name: 'resident_in_milan' })
  residentInMilan!: boolean;

  @Column({ type: 'jsonb' })
  school!: ReportingSchool;

  /** The absence category of the report that opened the case; null when another kind of report opened it. */
  @Column({ type: 'text', nullable: true })
  category!: AbsenceCategory | null;

  @Column({ type: 'uuid', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'uuid', name: 'verification_request_id', nullable: true })
  verificationRequestId!: string | null;

  @Column({ type: 'text', name: 'verification_outcome', nullable: true })
  verificationOutcome!: VerificationOutcome | null;

  /** The first programme named when taken in charge (kept for clients of the single-programme body). */
  @Column({ type: 'text', nullable: true })
  programme!: string | null;

  /** Every programme the case was taken in charge with (the catalogue's ids). */
  @Column({ type: 'jsonb', nullable: true })
  programmes!: string[] | null;

  /** How the case reached the unit; null once erased. */
  @Column({ type: 'text', name: 'way_in', nullable: true })
  wayIn!: WayIn | null;

  @Column({ type: 'text', nullable: true })
  educator!: string | null;

  @Column({ type: 'text', name: 'closure_reason', nullable: true })
  closureReason!: string | null;

  /** The caseworker handling the case; supervisors reassign it. */
  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  /** Explicit on every case (see CARE_LEVELS); null only once erased. */
  @Column({ type: 'text', name: 'care_level', nullable: true })
  careLevel!: CareLevel | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'opened_at' })
  openedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @OneToMany(() => CaseReport, (report) => report.case)
  reports?: Relation<CaseReport[]>;
}
