import type { ErasureSweepTarget } from '@casenet/service-runtime';

/**
 * An erased child's proceeding keeps its ids, state and times; the docket, reasons, outcome, what
 * its orders ordered and the history details go.
 */
export const PROCEEDINGS_ERASURE: ErasureSweepTarget[] = [
  {
    name: 'proceedings.codes',
    sql: `UPDATE proceedings p SET docket = NULL, decline_reason = NULL, outcome = NULL, erased_at = e.erased_at
            FROM unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE p.subject_key = e.subject AND p.received_at <= e.erased_at
             AND (p.erased_at IS NULL OR p.docket IS NOT NULL OR p.decline_reason IS NOT NULL OR p.outcome IS NOT NULL)`,
  },
  {
    name: 'court_orders.order',
    sql: `UPDATE court_orders o SET "order" = NULL, erased_at = e.erased_at
            FROM proceedings p, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE o.caseref = p.caseref AND p.subject_key = e.subject AND o.issued_at <= e.erased_at
             AND (o.erased_at IS NULL OR o."order" IS NOT NULL)`,
  },
  {
    name: 'proceeding_history.detail',
    sql: `UPDATE proceeding_history h SET detail = '{}'::jsonb
            FROM proceedings p, unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)
           WHERE h.proceeding_id = p.id AND p.subject_key = e.subject AND h.at <= e.erased_at AND h.detail <> '{}'::jsonb`,
  },
];
