import type { CourtOutcome, MandateState } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A court order the municipality received: for a level II mandate, a loop it owes the court. */
@Entity({ name: 'mandates' })
export class Mandate {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' })
  orderId!: string;

  @Column({ type: 'uuid', name: 'referral_id' })
  referralId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text', name: 'court_order' })
  order!: CourtOutcome;

  /** What the order tells social services to do, sealed under the child's key. */
  @Column({ type: 'text', name: 'operative_part', nullable: true })
  operativePart!: string | null;

  @Column({ type: 'text' })
  state!: MandateState;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;

  @Column({ type: 'timestamptz', name: 'acknowledge_by' })
  acknowledgeBy!: Date;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
