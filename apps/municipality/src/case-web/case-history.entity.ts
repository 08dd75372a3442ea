import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What happened to a case, by whom: the municipality's own account of each step. */
@Entity({ name: 'case_history' })
export class CaseHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  detail!: Record<string, unknown>;

  /** The service's Clock, not the database's: a moved clock moves the history with it. */
  @Column({ type: 'timestamptz' })
  at!: Date;
}
