import type { ReferralState } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A psychosocial investigation the juvenile court asked of social services about a case the
 * municipality referred: a loop the municipality owes the court (ADR 0021). The report it sends
 * is not kept here: it is the court's to read.
 */
@Entity({ name: 'investigations' })
export class SocialInvestigation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The court referral whose proceeding asked for it. */
  @Column({ type: 'uuid', name: 'referral_id' })
  referralId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text' })
  state!: ReferralState;

  /** What to investigate, as the court worded it, sealed under the child's key. */
  @Column({ type: 'text' })
  questions!: string;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  /** When the court expects the report (a configurable default at the court). */
  @Column({ type: 'timestamptz', name: 'report_by' })
  reportBy!: Date;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  /** When the report went to the court (or the loop was withdrawn with the referral). */
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
