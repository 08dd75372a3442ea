import type { RetentionTarget } from '@casenet/compliance';

/** Kept from the file's closure: the referral's facts for the identity period, the prosecutor's note for the judicial one. */
export const PROSECUTION_RETENTION: RetentionTarget[] = [
  {
    name: 'prosecutor_files.personal',
    category: 'identity',
    sql: `UPDATE prosecutor_files SET personal = $2 WHERE personal LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'prosecutor_files.prosecutor_note',
    category: 'judicial',
    sql: `UPDATE prosecutor_files SET prosecutor_note = $2 WHERE prosecutor_note LIKE 'sealed:%' AND closed_at < $1`,
  },
];
