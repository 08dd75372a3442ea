import type { DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface DrugSignalPersonalData {
  pupil: PupilIdentity;
}

/** A drug-related event police recorded about a pupil; it meets the child's cases on the subject key. */
@Entity({ name: 'drug_signals' })
export class DrugSignal {
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' })
  incidentId!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  /** Police's reference for the incident. */
  @Column({ type: 'text' })
  caseref!: string;

  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'text' })
  kind!: DrugEventKind;

  @Column({ type: 'integer', nullable: true })
  municipio!: number | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
