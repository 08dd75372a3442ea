import type { RetentionTarget } from '@casenet/compliance';

/** What the court asked social services to investigate: kept for the mandate period from the investigation's closure. */
export const INVESTIGATIONS_RETENTION: RetentionTarget[] = [
  {
    name: 'investigations.questions',
    category: 'mandate',
    sql: `UPDATE investigations SET questions = $2 WHERE questions LIKE 'sealed:%' AND closed_at < $1`,
  },
];
