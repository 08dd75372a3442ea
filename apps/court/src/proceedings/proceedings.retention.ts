import type { RetentionTarget } from '@casenet/compliance';

/**
 * Kept from the proceeding's closure: the referral's facts for the identity period, the judge's
 * note for the judicial one. Open proceedings keep everything.
 */
export const PROCEEDINGS_RETENTION: RetentionTarget[] = [
  {
    name: 'proceedings.personal',
    category: 'identity',
    sql: `UPDATE proceedings SET personal = $2 WHERE personal LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'proceedings.judicial_note',
    category: 'judicial',
    sql: `UPDATE proceedings SET judicial_note = $2 WHERE judicial_note LIKE 'sealed:%' AND closed_at < $1`,
  },
];
