import type { DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Everything recorded about the child, sealed under the child's key: who, what, where, when. */
export interface DrugEventPersonalData {
  pupil: PupilIdentity;
  /** The officers' account; it stays with police. */
  note?: string;
  kind?: DrugEventKind;
  municipio?: number | null;
  occurredAt?: string;
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

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
