import { Column, Entity, type EntityManager, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The court's own account of a proceeding, step by step. `detail` is stored in clear, so it
 * holds codes and references only, never the judicial note or the social services' reports.
 */
@Entity({ name: 'proceeding_history' })
export class ProceedingHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'proceeding_id' })
  proceedingId!: string;

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

/** Steps taken by the service itself (inbox, deadline poller) rather than a person. */
export const SYSTEM_ACTOR = 'system';

export async function recordHistory(
  manager: EntityManager,
  proceedingId: string,
  action: string,
  actor: string,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await manager.save(manager.create(ProceedingHistoryEntry, { proceedingId, action, actor, detail, at }));
}
