import type { PupilIdentity, Residence, SchoolRef, VerificationOutcome } from '@casenet/contracts';

export interface VerificationPersonalData {
  pupil: PupilIdentity;
  residence: Residence;
}
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A verification the municipality asked for: who, where, which school; and what officers found. */
@Entity({ name: 'verification_requests' })
export class VerificationRequest {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  caseref!: string;

  /** The child's pseudonymous key, as the municipality sent it: names the key that seals `personal`. */
  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  /** Identity and address to verify, sealed under the child's key (VerificationPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'jsonb' })
  school!: SchoolRef;

  @Column({ type: 'text' })
  status!: 'pending' | 'completed';

  @Column({ type: 'text', nullable: true })
  outcome!: VerificationOutcome | null;

  /** The officer's own notes, sealed under the child's key: they stay with police. */
  @Column({ type: 'text', name: 'officer_note', nullable: true })
  officerNote!: string | null;

  @Column({ type: 'text', name: 'completed_by', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'uuid', name: 'correlation_id' })
  correlationId!: string;

  /** When the municipality told us the verification is past its deadline. */
  @Column({ type: 'timestamptz', name: 'overdue_since', nullable: true })
  overdueSince!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
