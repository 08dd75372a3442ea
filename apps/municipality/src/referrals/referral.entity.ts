import type { ReferralState } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReferralAgency } from './referral-web.rules.js';

/** One loop of the web: what the municipality asked of another agency, and where it stands. */
@Entity({ name: 'referrals' })
export class Referral {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text' })
  agency!: ReferralAgency;

  /** The concern (health), the grounds (court), or residence_and_attendance (police). */
  /** Concern, grounds or the police check: sealed under the child's key, like any fact about the child. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  state!: ReferralState;

  @Column({ type: 'text', name: 'decline_reason', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'text', name: 'withdrawal_reason', nullable: true })
  withdrawalReason!: string | null;

  @Column({ type: 'text', name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'timestamptz', name: 'requested_at', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
