import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An erased child's referral loses its reasons and outcome (ADR 0018). */
export class ErasableReferralCodes1763700000425 implements MigrationInterface {
  name = 'ErasableReferralCodes1763700000425';

  async up(queryRunner: QueryRunner): Promise<void> {
    await makeColumnsErasable(queryRunner, 'health_referrals', ['decline_reason', 'outcome']);
  }

  async down(): Promise<void> {
    throw new Error('what an erasure emptied cannot be restored');
  }
}
