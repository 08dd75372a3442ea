import type { AbsenceCategory, PupilIdentity, ReportingSchool, Residence, VerificationOutcome } from '@casenet/contracts';

/** What `MunicipalCase.personal` holds once unsealed. */
export interface CasePersonalData {
  pupil: PupilIdentity;
  residence: Residence;
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

  @Column({ type: 'text', nullable: true })
  programme!: string | null;

  @Column({ type: 'text', nullable: true })
  educator!: string | null;

  @Column({ type: 'text', name: 'closure_reason', nullable: true })
  closureReason!: string | null;

  /** The caseworker handling the case; supervisors reassign it. */
  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  /** II once the juvenile court mandates care (level II); null while the case is the unit's own. */
  @Column({ type: 'text', name: 'care_level', nullable: true })
  careLevel!: 'I' | 'II' | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'opened_at' })
  openedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @OneToMany(() => CaseReport, (report) => report.case)
  reports?: Relation<CaseReport[]>;
}
