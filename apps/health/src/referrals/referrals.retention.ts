import type { RetentionTarget } from '@casenet/compliance';

/** Kept from the referral's close: identity for the identity period, notes for the social one, the clinical note and the care path for the health one. */
export const REFERRALS_RETENTION: RetentionTarget[] = [
  {
    name: 'health_referrals.personal',
    category: 'identity',
    sql: `UPDATE health_referrals SET personal = $2 WHERE personal LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'health_referrals.notes',
    category: 'social',
    sql: `UPDATE health_referrals SET notes = $2 WHERE notes LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'health_referrals.clinical_note',
    category: 'health',
    sql: `UPDATE health_referrals SET clinical_note = $2 WHERE clinical_note LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    name: 'health_referrals.care_path',
    category: 'health',
    sql: `UPDATE health_referrals SET care_path = $2 WHERE care_path LIKE 'sealed:%' AND closed_at < $1`,
  },
];
