import { type ReferralState, type SchoolLevel, type SchoolTrack, type VerificationOutcome } from '@casenet/contracts';
import type { AtomCounts } from '@casenet/statistics';
import type { EntityManager } from 'typeorm';
import type { ScreeningClosure } from '../cases/case-lifecycle.rules.js';
import type { ReferralAgency } from '../referrals/referral-web.rules.js';
import { addCount, funnelCounts } from './osservatorio.counts.js';
import { type CareAtom, deadlineAtom, type FunnelBreakdown, referralAtom, REFERRAL_ROWS, UNKNOWN } from './osservatorio.tables.js';

/** The Italian school year (from 1 September, UTC) of a timestamp column, as `2022/23`. */
function schoolYearSql(column: string): string {
  const start = `(extract(year FROM ${column} AT TIME ZONE 'UTC')::int - CASE WHEN extract(month FROM ${column} AT TIME ZONE 'UTC') >= 9 THEN 0 ELSE 1 END)`;
  return `(${start}::text || '/' || lpad(((${start} + 1) % 100)::text, 2, '0'))`;
}

/**
 * A report belongs to the school year the school stated, or else to the one it was made in. An
 * erased child's reports and cases count nowhere: their statistics fields are emptied at erasure
 * (cases.erasure.ts), and counting them under `unknown` would keep a trace of the child in tables
 * published after the erasure. The one place a published cell can shrink (see the README).
 */
const REPORT_YEAR = `coalesce(r.school_year, ${schoolYearSql('r.reported_at')})`;

/**
 * Each live case with the year and municipio of the report that opened it (an intake has neither:
 * its opening year, municipio unknown). Only the opening report, never one linked later: a report
 * linked to an intake's case would move the case out of `unknown`, and a published cell would shrink.
 */
const CASE_YEARS = `
  SELECT c.id, c.caseref, c.care_level, first.municipio,
         coalesce(first.school_year, ${schoolYearSql('first.reported_at')}, ${schoolYearSql('c.opened_at')}) AS school_year
    FROM cases c
    LEFT JOIN LATERAL (SELECT r.school_year, r.municipio, r.reported_at FROM case_reports r
                        WHERE r.case_id = c.id AND NOT r.linked ORDER BY r.received_at, r.report_id LIMIT 1) first ON true
   WHERE c.erased_at IS NULL`;

interface FunnelRowSql {
  level: SchoolLevel;
  track: SchoolTrack | null;
  municipio: number | null;
  citizenship: string | null;
  kind: string;
  closed_at_screening: boolean;
  closure_reason: string | null;
  forwarded: boolean;
  verification_outcome: VerificationOutcome | null;
  taken: boolean;
  programme: string | null;
  n: number;
}

/** Reads the live read model into atom counts: SQL groups, the table definitions classify. */
export class OsservatorioReadModel {
  constructor(private readonly manager: EntityManager) {}

  async years(): Promise<string[]> {
    const rows: { school_year: string }[] = await this.manager.query(
      `SELECT DISTINCT ${REPORT_YEAR} AS school_year FROM case_reports r WHERE r.erased_at IS NULL
        UNION SELECT school_year FROM (${CASE_YEARS}) y
        ORDER BY school_year DESC`,
    );
    return rows.map((r) => r.school_year);
  }

  /** Every school report of the year, by the path its case took: one AtomCounts per breakdown. */
  async funnel(schoolYear: string, programmes: readonly string[]): Promise<Record<FunnelBreakdown, AtomCounts>> {
    const rows: FunnelRowSql[] = await this.manager.query(
      `SELECT r.school->>'level' AS level, r.track, r.municipio, r.citizenship, r.kind,
              EXISTS (SELECT 1 FROM case_history h WHERE h.case_id = c.id AND h.action = 'close_at_screening') AS closed_at_screening,
              c.closure_reason, c.verification_request_id IS NOT NULL AS forwarded, c.verification_outcome,
              c.programmes IS NOT NULL AS taken, c.programme, count(*)::int AS n
         FROM case_reports r JOIN cases c ON c.id = r.case_id
        WHERE r.erased_at IS NULL AND c.erased_at IS NULL AND ${REPORT_YEAR} = $1
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
      [schoolYear],
    );
    return funnelCounts(
      rows.map((row) => ({
        level: row.level,
        track: row.track,
        municipio: row.municipio,
        citizenship: row.citizenship,
        kind: row.kind,
        closedAtScreening: row.closed_at_screening ? (row.closure_reason as ScreeningClosure) : null,
        forwarded: row.forwarded,
        verification: row.verification_outcome,
        takenInCharge: row.taken,
        programme: row.programme,
        returnedToClass: row.closure_reason === 'returned_to_class',
        n: row.n,
      })),
      programmes,
    );
  }

  /** Cases of the year (whatever way in) by the highest care level reached, per municipio. */
  async care(schoolYear: string): Promise<AtomCounts> {
    const rows: { municipio: number | null; care_level: CareAtom; n: number }[] = await this.manager.query(
      `SELECT municipio, care_level, count(*)::int AS n FROM (${CASE_YEARS}) y WHERE school_year = $1 GROUP BY 1, 2`,
      [schoolYear],
    );
    const counts: AtomCounts = {};
    for (const row of rows) addCount(counts, row.municipio === null ? UNKNOWN : String(row.municipio), row.care_level, row.n);
    return counts;
  }

  /** Referrals raised on the year's cases, by desk and the path their loop took (from the case history). */
  async referrals(schoolYear: string): Promise<AtomCounts> {
    const rows: { agency: ReferralAgency; state: ReferralState; states: ReferralState[] | null }[] = await this.manager.query(
      `SELECT f.agency, f.state,
              (SELECT array_agg(substr(h.action, 10) ORDER BY h.id) FROM case_history h
                WHERE h.case_id = f.case_id AND h.detail->>'referralId' = f.id::text
                  AND h.action LIKE 'referral\\_%' AND h.action <> 'referral_requested') AS states
         FROM referrals f JOIN (${CASE_YEARS}) y ON y.id = f.case_id
        WHERE y.school_year = $1`,
      [schoolYear],
    );
    const counts: AtomCounts = {};
    for (const row of rows) addCount(counts, REFERRAL_ROWS[row.agency], referralAtom(row.states ?? [], row.state), 1);
    return counts;
  }

  /** Deadlines of the year's cases, by kind: met, cancelled or open, breached or not. */
  async deadlines(schoolYear: string): Promise<AtomCounts> {
    const rows: { kind: string; settled: 'met' | 'cancelled' | null; breached: boolean; n: number }[] = await this.manager.query(
      `SELECT d.kind, CASE WHEN d.state IN ('met', 'cancelled') THEN d.state END AS settled, d.breached_at IS NOT NULL AS breached, count(*)::int AS n
         FROM deadlines d JOIN (${CASE_YEARS}) y ON y.caseref = d.caseref
        WHERE y.school_year = $1
        GROUP BY 1, 2, 3`,
      [schoolYear],
    );
    const counts: AtomCounts = {};
    for (const row of rows) addCount(counts, row.kind, deadlineAtom(row.settled, row.breached), row.n);
    return counts;
  }
}
