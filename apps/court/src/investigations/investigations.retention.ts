import type { RetentionTarget } from '@casenet/compliance';

/** What the court asked is judicial data; social services' report is social data; both counted from the investigation's closure. */
export const INVESTIGATIONS_RETENTION: RetentionTarget[] = [
  {
    name: 'investigations.questions',
    category: 'judicial',
    sql: `UPDATE investigations SET questions = $2 WHERE questions LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'investigations.report',
    category: 'social',
    sql: `UPDATE investigations SET report = $2 WHERE report LIKE 'sealed:%' AND closed_at < $1`,
  },
];
