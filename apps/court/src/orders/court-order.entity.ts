import type { CourtOutcome, MandateState } from '@casenet/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Proceeding } from '../proceedings/proceeding.entity.js';

/** An order the court issued at the end of a proceeding, and how far social services have carried it out. */
@Entity({ name: 'court_orders' })
export class CourtOrder {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'proceeding_id' })
  proceedingId!: string;

  /** Its child's subject key, among others: the order's sealed parts are sealed under it. */
  @ManyToOne(() => Proceeding)
  @JoinColumn({ name: 'proceeding_id' })
  proceeding?: Relation<Proceeding>;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text' })
  order!: CourtOutcome;

  /** What social services must do, sealed under the child's key. */
  @Column({ type: 'text', name: 'operative_part', nullable: true })
  operativePart!: string | null;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;

  /** The contract always carries it; only a mandate has a deadline behind it. */
  @Column({ type: 'timestamptz', name: 'acknowledge_by' })
  acknowledgeBy!: Date;

  @Column({ type: 'text', name: 'mandate_state' })
  mandateState!: MandateState;

  /** The latest report of social services on the mandate, sealed under the child's key. */
  @Column({ type: 'text', name: 'last_report', nullable: true })
  lastReport!: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
