import type { ReferralState } from '@casenet/contracts';
import { Column, type EntityManager, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** ATS's own account of a referral: each step, by whom. Codes and assignees only, never clinical text. */
@Entity({ name: 'health_referral_history' })
export class ReferralHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'referral_id' })
  referralId!: string;

  @Column({ type: 'text' })
  action!: string;

  /** The state after the step. */
  @Column({ type: 'text' })
  state!: ReferralState;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  detail!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  at!: Date;

  static async record(
    manager: EntityManager,
    step: Pick<ReferralHistoryEntry, 'referralId' | 'action' | 'state' | 'actor' | 'at'> & { detail?: Record<string, unknown> },
  ): Promise<void> {
    await manager.save(manager.create(ReferralHistoryEntry, { detail: {}, ...step }));
  }
}
