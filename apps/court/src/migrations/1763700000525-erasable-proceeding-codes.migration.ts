import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An erased child's proceedings and orders lose their docket, reasons and outcomes (ADR 0018). */
export class ErasableProceedingCodes1763700000525 implements MigrationInterface {
  name = 'ErasableProceedingCodes1763700000525';

  async up(queryRunner: QueryRunner): Promise<void> {
    await makeColumnsErasable(queryRunner, 'proceedings', ['docket', 'decline_reason', 'outcome']);
    await makeColumnsErasable(queryRunner, 'court_orders', ['order']);
  }

  async down(): Promise<void> {
    throw new Error('what an erasure emptied cannot be restored');
  }
}
