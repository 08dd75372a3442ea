/**
 * What a service still keeps in clear about a child beyond its sealed part (school, category,
 * outcome and reason codes, order, docket, history details), rewritten when the child is erased.
 * `sql` is an UPDATE joined to `unnest($1::text[], $2::timestamptz[]) AS e(subject, erased_at)`:
 * it empties those columns in rows of subject `e.subject` written before `e.erased_at` (a child
 * reported again after its erasure has a new key and keeps its new rows), and must touch only
 * rows that still hold something, so a sweep run twice changes nothing.
 */
export interface ErasureSweepTarget {
  name: string;
  sql: string;
}

export const ERASURE_SWEEP_TARGETS = Symbol('ERASURE_SWEEP_TARGETS');
