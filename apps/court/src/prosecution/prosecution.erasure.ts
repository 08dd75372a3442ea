import type { ErasureSweepTarget } from '@casenet/service-runtime';

/** An erased child's prosecutor's file keeps its ids, state and times; its reason and outcome codes and its history details go. */
export const PROSECUTION_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'prosecutor_files.codes',
    sql: `UPDATE prosecutor_files f SET decline_reason = NULL, archive_reason = NULL, outcome = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE f.subject_key = e.subject AND f.received_at <= e.erased_at
             AND (f.erased_at IS NULL OR f.decline_reason IS NOT NULL OR f.archive_reason IS NOT NULL OR f.outcome IS NOT NULL)`,
  },
  {
    name: 'prosecutor_history.detail',
    sql: `UPDATE prosecutor_history h SET detail = '{}'::jsonb
            FROM prosecutor_files f, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE h.referral_id = f.id AND f.subject_key = e.subject AND h.at <= e.erased_at AND h.detail <> '{}'::jsonb`,
  },
];
