import type { ErasureSweepTarget } from '@casenet/service-runtime';

/** An erased child's verification keeps its ids, status and times; the school and outcome go. */
export const VERIFICATIONS_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'verification_requests.school-and-outcome',
    sql: `UPDATE verification_requests v SET school = NULL, outcome = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE v.subject_key = e.subject AND v.requested_at <= e.erased_at
             AND (v.erased_at IS NULL OR v.school IS NOT NULL OR v.outcome IS NOT NULL)`,
  },
];
