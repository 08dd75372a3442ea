import type { ErasureSweepTarget } from '@casenet/service-runtime';

/** An erased child's referral keeps its ids, state and times; reasons, outcome and history details go. */
export const REFERRALS_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'health_referrals.reasons',
    sql: `UPDATE health_referrals r SET decline_reason = NULL, outcome = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.subject_key = e.subject AND r.received_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.decline_reason IS NOT NULL OR r.outcome IS NOT NULL)`,
  },
  {
    name: 'health_referral_history.detail',
    sql: `UPDATE health_referral_history h SET detail = '{}'::jsonb
            FROM health_referrals r, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE h.referral_id = r.id AND r.subject_key = e.subject AND h.at <= e.erased_at AND h.detail <> '{}'::jsonb`,
  },
];
