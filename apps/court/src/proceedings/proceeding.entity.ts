import type { CourtGrounds, CourtOutcome, PupilIdentity, Residence, VerificationOutcome } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CourtDeclineReason, ProceedingState } from './proceeding-lifecycle.rules.js';

/** What `Proceeding.personal` holds once unsealed: the referral's facts about the child. */
export interface ProceedingPersonalData {
  pupil: PupilIdentity;
  residence: Residence;
  school: { code: string; name: string };
  verificationOutcome?: VerificationOutcome;
  programme?: string;
  notes?: string;
  /** Why the municipality referred the child: personal data under the pseudonym, sealed with the rest. */
  grounds?: CourtGrounds;
}

/** A proceeding opened on the prosecutor's petition about a municipality's referral; its id is the referral's, so every side names it alike. */
@Entity({ name: 'proceedings' })
export class Proceeding {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  caseref!: string;

  /** The child's pseudonymous key, as the municipality sent it: names the key that seals `personal`. */
  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  /** Sealed under the child's key (ProceedingPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'text' })
  state!: ProceedingState;

  /** The court registry's number, e.g. VG 123/2026; given at registration. */
  @Column({ type: 'text', nullable: true })
  docket!: string | null;

  @Column({ type: 'text', name: 'decline_reason', nullable: true })
  declineReason!: CourtDeclineReason | null;

  @Column({ type: 'text', nullable: true })
  outcome!: CourtOutcome | null;

  /** The judge's own reasoning, sealed: judicial data (GDPR art. 10) that never leaves the court. */
  @Column({ type: 'text', name: 'judicial_note', nullable: true })
  judicialNote!: string | null;

  @Column({ type: 'timestamptz', name: 'respond_by' })
  respondBy!: Date;

  /** Set when the municipality reports a missed deadline that still concerns the proceeding. */
  @Column({ type: 'timestamptz', name: 'overdue_since', nullable: true })
  overdueSince!: Date | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ type: 'uuid', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** When the prosecutor's petition opened it (ADR 0021); null for a proceeding opened straight from a referral before. */
  @Column({ type: 'timestamptz', name: 'petitioned_at', nullable: true })
  petitionedAt!: Date | null;
}
