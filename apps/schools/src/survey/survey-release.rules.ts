import { SCHOOL_TRACKS, type SchoolTrack } from '@casenet/contracts';
import { type AtomCounts, type CellRef, type ColumnSpec, type TableSpec } from '@casenet/statistics';
import { OUTCOME_FIGURES, SURVEY_AREAS, type SurveyArea, TRACK_FIGURES, type TrackFigures } from './survey.rules.js';

/**
 * The survey's published table: one row per track (all four, data or not), and for each figure a
 * column per area and their total (`withdrawn.milano`, `withdrawn.citta_metropolitana`,
 * `withdrawn.total`, …). The counted units are students; each falls into one atom, its area and
 * its class (withdrawn, transferred out, irregular attendance, never attended, or regular: the rest
 * of the enrolled), so `enrolled` sums every class and the other figures one each. One table holds
 * all five figures so the protection reasons about how they tie together (enrolled ≥ the others).
 */
export const STUDENT_CLASSES = [...OUTCOME_FIGURES, 'regular'] as const;
export type StudentClass = (typeof STUDENT_CLASSES)[number];

export function surveyTableKey(schoolYear: string): string {
  return `survey:${schoolYear}`;
}

export function surveyTableSpec(schoolYear: string): TableSpec {
  const atom = (area: SurveyArea, cls: StudentClass) => `${area}.${cls}`;
  const atoms = SURVEY_AREAS.flatMap((area) => STUDENT_CLASSES.map((cls) => atom(area, cls)));
  const classesOf = (figure: (typeof TRACK_FIGURES)[number]): readonly StudentClass[] => (figure === 'enrolled' ? STUDENT_CLASSES : [figure]);
  const columns: ColumnSpec[] = TRACK_FIGURES.flatMap((figure) => [
    ...SURVEY_AREAS.map((area) => ({ key: `${figure}.${area}`, atoms: classesOf(figure).map((cls) => atom(area, cls)) })),
    { key: `${figure}.total`, atoms: SURVEY_AREAS.flatMap((area) => classesOf(figure).map((cls) => atom(area, cls))) },
  ]);
  return { key: surveyTableKey(schoolYear), rows: SCHOOL_TRACKS, atoms, columns };
}

/** One institution's answers as the aggregates read them. */
export interface Contribution {
  answerCode: string;
  area: SurveyArea;
  /** Changes whenever any of its answers does (the latest answeredAt). */
  version: string;
  tracks: Partial<Record<SchoolTrack, TrackFigures>>;
}

export function atomCounts(contributions: readonly Contribution[]): AtomCounts {
  const counts: AtomCounts = {};
  for (const contribution of contributions) {
    for (const [track, f] of Object.entries(contribution.tracks) as [SchoolTrack, TrackFigures][]) {
      const row = (counts[track] ??= {});
      const add = (cls: StudentClass, n: number) => (row[`${contribution.area}.${cls}`] = (row[`${contribution.area}.${cls}`] ?? 0) + n);
      for (const figure of OUTCOME_FIGURES) add(figure, f[figure]);
      add('regular', f.enrolled - OUTCOME_FIGURES.reduce((sum, figure) => sum + f[figure], 0));
    }
  }
  return counts;
}

/** The institutions whose answers a cell sums: its track (none for the totals row) and its area (both for `.total`). */
function contributorsOf(contributions: readonly Contribution[], row: SchoolTrack | null, column: string): Contribution[] {
  const area = column.slice(column.indexOf('.') + 1);
  return contributions.filter((c) => (area === 'total' || c.area === area) && (row === null ? Object.keys(c.tracks).length > 0 : c.tracks[row] !== undefined));
}

export type ReleasePlan = { release: true; forced: CellRef[]; changed: number } | { release: false; reason: string; changed: number };

/**
 * Whether a new release may be published, and which cells it must suppress whatever their size,
 * so the UST never sees one school's figures: it knows who answered (the completion view), so any
 * published figure summing fewer than `k` institutions, or changed since the last release by fewer
 * than `k`, would be those few schools' own figures (by difference, for the second).
 * - An institution of the last release that is incomplete again (a track added to part 1) holds
 *   every new release until it completes: its figures would leave the totals, and the UST sees who
 *   changed status, so the difference would be that school's own.
 * - Each totals-row cell must sum 0 or ≥ k institutions and have changed by 0 or ≥ k, or no new
 *   release is made (the last one is served again); the protection may still withhold it (ADR 0023).
 * - Any other cell summing, or changed by, 1 to k − 1 institutions is suppressed (`forced`); the
 *   protection then adds complements and keeps it suppressed in every later release.
 */
export function planRelease(contributions: readonly Contribution[], previous: ReadonlyMap<string, string> | null, k: number, spec: TableSpec): ReleasePlan {
  const changedSet = contributions.filter((c) => previous?.get(c.answerCode) !== c.version);
  const removed = previous ? [...previous.keys()].filter((code) => !contributions.some((c) => c.answerCode === code)) : [];
  const changed = changedSet.length + removed.length;
  if (changed === 0) return { release: false, reason: 'no answer has changed since the last release', changed };
  if (removed.length > 0)
    return {
      release: false,
      reason: `${removed.length} institution(s) of the last release are incomplete again: the next release waits until they complete, or the difference would be their own figures`,
      changed,
    };
  const few = (n: number) => n > 0 && n < k;
  for (const column of spec.columns) {
    if (few(contributorsOf(contributions, null, column.key).length) || few(contributorsOf(changedSet, null, column.key).length)) {
      return {
        release: false,
        reason: `the ${column.key} total would sum, or differ from the last release by, fewer than ${k} institutions`,
        changed,
      };
    }
  }
  const forced: CellRef[] = [];
  for (const row of spec.rows as SchoolTrack[]) {
    for (const column of spec.columns) {
      if (few(contributorsOf(contributions, row, column.key).length) || few(contributorsOf(changedSet, row, column.key).length))
        forced.push({ row, column: column.key });
    }
  }
  return { release: true, forced, changed };
}
