import { isErased, type SubjectSealer } from '@casenet/privacy';
import type { EntityManager } from 'typeorm';
import type { Referral } from '../referrals/referral.entity.js';

/** Referral reasons are sealed under the child of their case. */
export async function openReasons(manager: EntityManager, sealer: SubjectSealer, referrals: Referral[]): Promise<Map<string, string | null>> {
  const caseIds = [...new Set(referrals.map((r) => r.caseId))];
  const subjects = new Map<string, string>(
    caseIds.length === 0
      ? []
      : ((await manager.query('SELECT id, subject_key FROM cases WHERE id = ANY($1)', [caseIds])) as { id: string; subject_key: string }[]).map((c) => [
          c.id,
          c.subject_key,
        ]),
  );
  const reasons = new Map<string, string | null>();
  for (const r of referrals) {
    const opened = await sealer.open<string>(subjects.get(r.caseId) as string, r.reason);
    reasons.set(r.id, isErased(opened) ? null : opened);
  }
  return reasons;
}
