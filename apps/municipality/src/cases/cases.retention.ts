import type { RetentionTarget } from '@casenet/compliance';

/** Kept from a case's closure: identity and residence for the identity period, school notes for the social one. */
export const CASES_RETENTION: RetentionTarget[] = [
  {
    name: 'cases.personal',
    category: 'identity',
    sql: `UPDATE cases SET personal = $2 WHERE personal LIKE 'sealed:%' AND state = 'closed' AND closed_at < $1`,
  },
  {
    name: 'case_reports.personal',
    category: 'social',
    sql: `UPDATE case_reports r SET personal = $2 FROM cases c
          WHERE r.case_id = c.id AND r.personal LIKE 'sealed:%' AND c.state = 'closed' AND c.closed_at < $1`,
  },
  {
    name: 'referrals.reason',
    category: 'social',
    sql: `UPDATE referrals r SET reason = $2 FROM cases c
          WHERE r.case_id = c.id AND r.reason LIKE 'sealed:%' AND c.state = 'closed' AND c.closed_at < $1`,
  },
  {
    name: 'mandates.operative_part',
    category: 'mandate',
    sql: `UPDATE mandates SET operative_part = $2 WHERE operative_part LIKE 'sealed:%' AND closed_at < $1`,
  },
  {
    // A signal stands on its own: its period runs from its arrival (when it happened is sealed with it).
    name: 'drug_signals.personal',
    category: 'police',
    sql: `UPDATE drug_signals SET personal = $2 WHERE personal LIKE 'sealed:%' AND received_at < $1`,
  },
];
