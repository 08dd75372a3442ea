import type { HealthConcern, PupilIdentity, ReferralState, Residence, SchoolRef } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HealthDeclineReason, HealthOutcome } from './referral-lifecycle.rules.js';

export interface ReferralPersonalData {
  pupil: PupilIdentity;
  residence: Residence;
  school: SchoolRef;
  /** Why the municipality referred the child: personal data under the pseudonym, sealed with the rest. */
  concern?: HealthConcern;
}

/** A child the municipality referred to ATS, and how far ATS has taken it. */
@Entity({ name: 'health_referrals' })
export class HealthReferral {
  /** The municipality's referralId: both sides name the referral the same way. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  caseref!: string;

  /** The child's pseudonymous key, as the municipality sent it: names the key that seals the personal columns. */
  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  /** Who, where, which school and why, sealed under the child's key (ReferralPersonalData). */
  @Column({ type: 'text' })
  personal!: string;

  /** The coordinator's notes, sealed apart from `personal` because social data is kept for a shorter period. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text' })
  state!: ReferralState;

  @Column({ type: 'text', name: 'decline_reason', nullable: true })
  declineReason!: HealthDeclineReason | null;

  @Column({ type: 'text', nullable: true })
  outcome!: HealthOutcome | null;

  /** Health data (GDPR art. 9), sealed under the child's key: it never leaves ATS. */
  @Column({ type: 'text', name: 'clinical_note', nullable: true })
  clinicalNote!: string | null;

  /** The ASST service that delivers care (`CarePath`), sealed: which service treats a child is health data. */
  @Column({ type: 'text', name: 'care_path', nullable: true })
  carePath!: string | null;

  @Column({ type: 'timestamptz', name: 'respond_by' })
  respondBy!: Date;

  /** When the municipality first told us a deadline was missed; later notices do not move it. */
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
}
