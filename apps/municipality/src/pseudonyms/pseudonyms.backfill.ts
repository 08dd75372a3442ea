import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isErased, SubjectSealer } from '@casenet/privacy';
import { DataSource } from 'typeorm';
import type { CasePersonalData } from '../cases/municipal-case.entity.js';
import { PseudonymsService } from './pseudonyms.service.js';

/**
 * Boot step for cases opened before per-recipient pseudonyms (ADR 0019, "Existing data" step 1):
 * their child's pseudonyms in the other agencies' spaces are derived from the sealed identity, so
 * new events about those cases reach police, ATS and the court under their own pseudonyms.
 * Erased children have no identity left and get none; their cases send nothing personal.
 */
@Injectable()
export class PseudonymsBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(PseudonymsBackfill.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: SubjectSealer,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const missing = await this.dataSource.query<{ subject_key: string; personal: string }[]>(
      `SELECT DISTINCT ON (c.subject_key) c.subject_key, c.personal FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM subject_pseudonyms p WHERE p.subject_key = c.subject_key)
        ORDER BY c.subject_key, c.opened_at DESC`,
    );
    let recorded = 0;
    for (const row of missing) {
      const personal = await this.sealer.open<CasePersonalData>(row.subject_key, row.personal);
      if (isErased(personal)) continue;
      await this.dataSource.transaction((manager) => this.pseudonyms.remember(manager, personal.pupil.taxCode));
      recorded += 1;
    }
    if (recorded > 0) this.logger.log({ msg: 'recipient pseudonyms recorded for earlier cases', children: recorded });
  }
}
