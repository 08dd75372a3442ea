import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An erased child's case, reports, referrals and mandates lose their codes (ADR 0018). */
export class ErasableCaseCodes1763700000235 implements MigrationInterface {
  name = 'ErasableCaseCodes1763700000235';

  async up(queryRunner: QueryRunner): Promise<void> {
    await makeColumnsErasable(queryRunner, 'cases', ['school', 'category', 'verification_outcome', 'programme', 'educator', 'closure_reason', 'care_level']);
    await makeColumnsErasable(queryRunner, 'case_reports', ['school', 'category']);
    await makeColumnsErasable(queryRunner, 'referrals', ['decline_reason', 'outcome', 'withdrawal_reason']);
    await makeColumnsErasable(queryRunner, 'mandates', ['court_order']);
  }

  async down(): Promise<void> {
    throw new Error('what an erasure emptied cannot be restored');
  }
}
