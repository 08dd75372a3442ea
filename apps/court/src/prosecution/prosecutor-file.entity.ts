import type { ReferralOutcome } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ArchiveReason, ProsecutorDeclineReason, ProsecutorFileState } from './prosecution.rules.js';

/**
 * The prosecutor's file on a municipality's referral; its id is the referral's, and the
 * proceeding a petition opens at the court takes the same id, so all three sides name it alike.
 * `personal` holds the referral's facts sealed under the child's key (ProceedingPersonalData).
 */
@Entity({ name: 'prosecutor_files' })
export class ProsecutorFile {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'text' })
  state!: ProsecutorFileState;

  @Column({ type: 'text', name: 'decline_reason', nullable: true })
  declineReason!: ProsecutorDeclineReason | null;

  /** Why the prosecutor archived: kept here, never sent. */
  @Column({ type: 'text', name: 'archive_reason', nullable: true })
  archiveReason!: ArchiveReason | null;

  /** `archived`, or the court's order once a petition was decided. */
  @Column({ type: 'text', nullable: true })
  outcome!: ReferralOutcome | null;

  /** The prosecutor's own reasoning, sealed: judicial data (GDPR art. 10) that never leaves the court service. */
  @Column({ type: 'text', name: 'prosecutor_note', nullable: true })
  prosecutorNote!: string | null;

  @Column({ type: 'timestamptz', name: 'respond_by' })
  respondBy!: Date;

  /** Set when the municipality reports the acceptance deadline missed while the file still waits. */
  @Column({ type: 'timestamptz', name: 'overdue_since', nullable: true })
  overdueSince!: Date | null;

  @Column({ type: 'uuid', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'petitioned_at', nullable: true })
  petitionedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
