import { describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { SCHOOL_TRACKS, type SchoolTrack } from '@casenet/contracts';
import { auditReleases, type ProtectedTable, protectTable } from '@casenet/statistics';
import { atomCounts, type Contribution, planRelease, surveyTableSpec } from './survey-release.rules.js';
import { SURVEY_AREAS, type TrackFigures } from './survey.rules.js';

jest.setTimeout(300_000);

const THRESHOLD = 5;
const K = 3;
const spec = surveyTableSpec('2022/23');

/** One track's figures built from its classes, so they always satisfy the questionnaire's rules. */
const figuresArb = fc
  .tuple(fc.nat({ max: 6 }), fc.nat({ max: 6 }), fc.nat({ max: 9 }), fc.nat({ max: 3 }), fc.nat({ max: 40 }))
  .map(([withdrawn, transferredOut, irregularAttendance, neverAttended, regular]): TrackFigures => ({
    enrolled: withdrawn + transferredOut + irregularAttendance + neverAttended + regular,
    withdrawn,
    transferredOut,
    irregularAttendance,
    neverAttended,
  }));

const institutionIn = (area: (typeof SURVEY_AREAS)[number]) =>
  fc.record({
    area: fc.constant(area),
    tracks: fc.subarray([...SCHOOL_TRACKS], { minLength: 1, maxLength: 2 }),
    figures: fc.array(figuresArb, { minLength: 2, maxLength: 2 }),
  });

type Generated = fc.Arbitrary<{ area: (typeof SURVEY_AREAS)[number]; tracks: SchoolTrack[]; figures: TrackFigures[] }>;

function contributionsOf(generated: { area: (typeof SURVEY_AREAS)[number]; tracks: SchoolTrack[]; figures: TrackFigures[] }[], offset: number): Contribution[] {
  return generated.map((g, i) => ({
    answerCode: `MIXX${String(offset + i).padStart(6, '0')}`,
    area: g.area,
    version: 'v1',
    tracks: Object.fromEntries(g.tracks.map((track, j) => [track, g.figures[j] as TrackFigures])),
  }));
}

/** How many institutions a cell sums (its track, or any for the totals row; its area, or both). */
function contributors(contributions: readonly Contribution[], row: string | null, column: string): number {
  const area = column.split('.')[1];
  return contributions.filter((c) => (area === 'total' || c.area === area) && (row === null ? true : c.tracks[row as SchoolTrack] !== undefined)).length;
}

const few = (n: number) => n > 0 && n < K;

describe('the survey’s published tables (property)', () => {
  it('never let a suppressed cell be recomputed, nor show figures of fewer than three schools, in one release or across two', async () => {
    let pairs = 0;
    await fc.assert(
      // Schools of both areas; then one to four more in one area (fewer than three: the release is held).
      fc.asyncProperty(
        fc.array(institutionIn('milano') as Generated, { minLength: 1, maxLength: 6 }),
        fc.array(institutionIn('citta_metropolitana') as Generated, { minLength: 0, maxLength: 6 }),
        fc.constantFrom(...SURVEY_AREAS).chain((area) => fc.array(institutionIn(area) as Generated, { minLength: 1, maxLength: 4 })),
        async (milano, metropolitan, more) => {
          const before = [...milano, ...metropolitan];
          const first = contributionsOf(before, 0);
          const plan = planRelease(first, null, K, spec);
          if (!plan.release) {
            // Held only because a published total would sum too few schools.
            expect(spec.columns.some((c) => few(contributors(first, null, c.key)))).toBe(true);
            return;
          }
          const t1 = await protectTable(spec, atomCounts(first), { threshold: THRESHOLD, earlier: plan.forced });
          expectNoFewSchoolFigure(t1, first, first);

          const after = [...first, ...contributionsOf(more, first.length)];
          const versions = new Map(first.map((c) => [c.answerCode, c.version]));
          const plan2 = planRelease(after, versions, K, spec);
          const releases: { table: ProtectedTable; added: number }[] = [{ table: t1, added: 0 }];
          if (plan2.release) {
            const t2 = await protectTable(spec, atomCounts(after), { threshold: THRESHOLD, earlier: [...t1.suppressed, ...plan2.forced] });
            expectNoFewSchoolFigure(t2, after, after.slice(first.length));
            for (const cell of t1.suppressed) expect(t2.cells[cell.row]?.[cell.column]).toBeNull();
            const added = more.reduce((sum, g) => sum + g.tracks.reduce((s, _track, j) => s + (g.figures[j]?.enrolled ?? 0), 0), 0);
            releases.push({ table: t2, added });
            pairs += 1;
          }
          const findings = await auditReleases(
            { track: [...SCHOOL_TRACKS] },
            releases.map(({ table, added }) => ({ added, tables: [{ dimension: 'track', spec, published: table }] })),
          );
          expect(findings).toEqual([]);
        },
      ),
      { numRuns: 15, seed: 15 },
    );
    // Not vacuous: some runs made two consecutive releases.
    expect(pairs).toBeGreaterThan(0);
  });
});

/** No published cell sums, or (against the previous release) moved by, 1 to K − 1 schools; totals included; zero columns aside. */
function expectNoFewSchoolFigure(table: ProtectedTable, all: readonly Contribution[], changed: readonly Contribution[]): void {
  for (const column of table.columns) {
    expect(few(contributors(all, null, column)) || few(contributors(changed, null, column))).toBe(false);
    // A column whose published total is 0 has only zeros: its cells say nothing the total does not.
    if (table.total[column] === 0) continue;
    for (const row of table.rows) {
      if (table.cells[row]?.[column] === null) continue;
      expect({ row, column, few: few(contributors(all, row, column)) || few(contributors(changed, row, column)) }).toEqual({ row, column, few: false });
    }
  }
}

describe('a school of the last release that is incomplete again', () => {
  it('holds the next release, whatever else changed, until it completes', () => {
    fc.assert(
      fc.property(
        fc.array(institutionIn('milano'), { minLength: 4, maxLength: 8 }),
        fc.array(institutionIn('citta_metropolitana'), { maxLength: 6 }),
        (released, added) => {
          const before = contributionsOf(released, 0);
          const versions = new Map(before.map((c) => [c.answerCode, c.version]));
          // One released school drops out (a track added to part 1), others may have answered since.
          const after = [...before.slice(1), ...contributionsOf(added, 100)];
          const plan = planRelease(after, versions, K, spec);
          expect(plan.release).toBe(false);
          if (!plan.release) expect(plan.reason).toMatch(/incomplete again/);
          // Once it completes again, the usual rules decide.
          const back = planRelease([...before, ...contributionsOf(added, 100)], versions, K, spec);
          expect(back.release === false ? back.reason : '').not.toMatch(/incomplete again/);
        },
      ),
      { numRuns: 50 },
    );
  });
});
