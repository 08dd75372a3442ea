import { makeColumnsErasable } from '@casenet/service-runtime';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An erased pupil's report loses its school and category (ADR 0018). */
export class ErasableReportCodes1763700000115 implements MigrationInterface {
  name = 'ErasableReportCodes1763700000115';

  async up(queryRunner: QueryRunner): Promise<void> {
    await makeColumnsErasable(queryRunner, 'reports', ['school_code', 'school_name', 'school_level', 'category']);
  }

  async down(): Promise<void> {
    throw new Error('what an erasure emptied cannot be restored');
  }
}
