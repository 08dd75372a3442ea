import type { DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Everything police said about the child, sealed under the child's key: who, what, where and when. */
export interface DrugSignalPersonalData {
  pupil: PupilIdentity;
  kind?: DrugEventKind;
  municipio?: number | null;
  occurredAt?: string;
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

  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
