import type { RetentionTarget } from '@casenet/compliance';

/** A report's personal part is kept for the identity period after the report reached a final status. */
export const REPORTS_RETENTION: RetentionTarget[] = [
  {
    name: 'reports.personal',
    category: 'identity',
    sql: `UPDATE reports SET personal = $2
          WHERE personal LIKE 'sealed:%' AND updated_at < $1
            AND status IN ('closed_immediate_return', 'closed_clerical_error', 'closed_non_resident', 'returned_to_class', 'closed')`,
  },
];
