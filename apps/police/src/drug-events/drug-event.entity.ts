import type { DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface DrugEventPersonalData {
  pupil: PupilIdentity;
  /** The officers' account; it stays with police. */
  note?: string;
}

@Entity({ name: 'drug_events' })
export class DrugEvent {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', unique: true })
  caseref!: string;

  @Column({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @Column({ type: 'text' })
  personal!: string;

  @Column({ type: 'text' })
  kind!: DrugEventKind;

  @Column({ type: 'integer', nullable: true })
  municipio!: number | null;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
