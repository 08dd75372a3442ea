import type { ErasureSweepTarget } from '@casenet/service-runtime';

/** An erased pupil's report keeps its id, caseref and status; which school filed it, why, and its statistics fields go. */
export const REPORTS_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'reports.school-and-category',
    sql: `UPDATE reports r SET school_code = NULL, school_name = NULL, school_level = NULL, category = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.subject_key = e.subject AND r.filed_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.school_code IS NOT NULL OR r.school_name IS NOT NULL OR r.school_level IS NOT NULL OR r.category IS NOT NULL)`,
  },
  {
    name: 'reports.kind-and-statistics',
    sql: `UPDATE reports r SET kind = NULL, school_year = NULL, citizenship = NULL, track = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.subject_key = e.subject AND r.filed_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.kind IS NOT NULL OR r.school_year IS NOT NULL OR r.citizenship IS NOT NULL OR r.track IS NOT NULL)`,
  },
];
