import { Column, Entity, type EntityManager, PrimaryGeneratedColumn } from 'typeorm';

/** The prosecutor's own account of a file, step by step: codes and references only, in clear. */
@Entity({ name: 'prosecutor_history' })
export class ProsecutorHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The prosecutor's file, whose id is the referral's. */
  @Column({ type: 'uuid', name: 'referral_id' })
  fileId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  detail!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

export async function recordProsecutorHistory(
  manager: EntityManager,
  fileId: string,
  action: string,
  actor: string,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await manager.save(manager.create(ProsecutorHistoryEntry, { fileId, action, actor, detail, at }));
}
