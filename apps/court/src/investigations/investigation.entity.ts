import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Proceeding } from '../proceedings/proceeding.entity.js';
import type { InvestigationState } from './investigation.rules.js';

/** A psychosocial investigation the court asked social services for, in one proceeding. */
@Entity({ name: 'investigations' })
export class Investigation {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'proceeding_id' })
  proceedingId!: string;

  /** Its child's subject key: the questions and the report are sealed under it. */
  @ManyToOne(() => Proceeding)
  @JoinColumn({ name: 'proceeding_id' })
  proceeding?: Relation<Proceeding>;

  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text' })
  state!: InvestigationState;

  /** What social services must investigate, sealed. */
  @Column({ type: 'text' })
  questions!: string;

  /** Social services' report, sealed: read by the court alone. */
  @Column({ type: 'text', nullable: true })
  report!: string | null;

  @Column({ type: 'text', name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  /** When the report is due: a configurable default (`investigation.report`), not the protocol's. */
  @Column({ type: 'timestamptz', name: 'report_by' })
  reportBy!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
