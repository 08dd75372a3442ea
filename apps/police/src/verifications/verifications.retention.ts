import type { RetentionTarget } from '@casenet/compliance';

/** Kept from the verification's completion: whom and where for the identity period, the officer's note for the social one. */
export const VERIFICATIONS_RETENTION: RetentionTarget[] = [
  {
    name: 'verification_requests.personal',
    category: 'identity',
    sql: `UPDATE verification_requests SET personal = $2 WHERE personal LIKE 'sealed:%' AND status = 'completed' AND completed_at < $1`,
  },
  {
    name: 'verification_requests.officer_note',
    category: 'social',
    sql: `UPDATE verification_requests SET officer_note = $2 WHERE officer_note LIKE 'sealed:%' AND completed_at < $1`,
  },
  {
    name: 'drug_events.personal',
    category: 'police',
    sql: `UPDATE drug_events SET personal = $2 WHERE personal LIKE 'sealed:%' AND recorded_at < $1`,
  },
];
