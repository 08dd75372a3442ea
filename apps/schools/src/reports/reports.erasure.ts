import type { ErasureSweepTarget } from '@casenet/service-runtime';

/** An erased pupil's report keeps its id, caseref and status; which school filed it and why go. */
export const REPORTS_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'reports.school-and-category',
    sql: `UPDATE reports r SET school_code = NULL, school_name = NULL, school_level = NULL, category = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.subject_key = e.subject AND r.filed_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.school_code IS NOT NULL OR r.school_name IS NOT NULL OR r.school_level IS NOT NULL OR r.category IS NOT NULL)`,
  },
];
