import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An erased child's verification loses its school and outcome (ADR 0018). */
export class ErasableVerificationCodes1763700000335 implements MigrationInterface {
  name = 'ErasableVerificationCodes1763700000335';

  async up(queryRunner: QueryRunner): Promise<void> {
    await makeColumnsErasable(queryRunner, 'verification_requests', ['school', 'outcome']);
  }

  async down(): Promise<void> {
    throw new Error('what an erasure emptied cannot be restored');
  }
}
