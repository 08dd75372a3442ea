import type { ErasureSweepTarget } from '@casenet/service-runtime';

/**
 * An erased child's case keeps its ids, states and times; its school, category, report kinds and statistics fields, outcomes,
 * programmes, educator, care level, way in, referral reasons, court order and history details go.
 */
export const CASES_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'cases.codes',
    sql: `UPDATE cases c SET school = NULL, category = NULL, verification_outcome = NULL, programme = NULL,
                 educator = NULL, closure_reason = NULL, care_level = NULL, programmes = NULL, way_in = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE c.subject_key = e.subject AND c.opened_at <= e.erased_at
             AND (c.erased_at IS NULL OR c.school IS NOT NULL OR c.category IS NOT NULL
                  OR c.verification_outcome IS NOT NULL OR c.programme IS NOT NULL
                  OR c.educator IS NOT NULL OR c.closure_reason IS NOT NULL OR c.care_level IS NOT NULL
                  OR c.programmes IS NOT NULL OR c.way_in IS NOT NULL)`,
  },
  {
    name: 'case_reports.school-and-category',
    sql: `UPDATE case_reports r SET school = NULL, category = NULL, erased_at = e.erased_at
            FROM cases c, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.case_id = c.id AND c.subject_key = e.subject AND r.received_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.school IS NOT NULL OR r.category IS NOT NULL)`,
  },
  {
    name: 'case_reports.kind-and-statistics',
    sql: `UPDATE case_reports r SET kind = NULL, school_year = NULL, citizenship = NULL, track = NULL, municipio = NULL, erased_at = e.erased_at
            FROM cases c, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.case_id = c.id AND c.subject_key = e.subject AND r.received_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.kind IS NOT NULL OR r.school_year IS NOT NULL OR r.citizenship IS NOT NULL
                  OR r.track IS NOT NULL OR r.municipio IS NOT NULL)`,
  },
  {
    name: 'referrals.reasons',
    sql: `UPDATE referrals r SET decline_reason = NULL, outcome = NULL, withdrawal_reason = NULL, erased_at = e.erased_at
            FROM cases c, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE r.case_id = c.id AND c.subject_key = e.subject AND r.requested_at <= e.erased_at
             AND (r.erased_at IS NULL OR r.decline_reason IS NOT NULL OR r.outcome IS NOT NULL OR r.withdrawal_reason IS NOT NULL)`,
  },
  {
    name: 'mandates.court-order',
    sql: `UPDATE mandates m SET court_order = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE m.subject_key = e.subject AND m.received_at <= e.erased_at
             AND (m.erased_at IS NULL OR m.court_order IS NOT NULL)`,
  },
  {
    name: 'case_history.detail',
    sql: `UPDATE case_history h SET detail = '{}'::jsonb
            FROM cases c, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE h.case_id = c.id AND c.subject_key = e.subject AND h.at <= e.erased_at AND h.detail <> '{}'::jsonb`,
  },
];
