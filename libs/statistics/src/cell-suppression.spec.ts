import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { protectTable } from './cell-suppression.js';
import { auditReleases } from './release.audit.js';
import { type AtomCounts, crossTableSpec, publishedTable, type TableSpec, TOTAL_ROW } from './statistical-table.js';
import { tableCsv } from './table.csv.js';

const THRESHOLD = 5;
const MUNICIPI = ['1', '2', '3', '4', 'unknown'];
const LEVELS = ['primaria', 'secondaria_i', 'secondaria_ii'];
/** A funnel's exclusive paths, and its cumulative stages over them (a report counts in every stage it reached). */
const PATHS = ['screening', 'closed_return', 'closed_error', 'forwarded', 'verified', 'in_charge', 'back_in_class'];
const STAGES = [
  { key: 'reported', atoms: PATHS },
  { key: 'closed_return', atoms: ['closed_return'] },
  { key: 'closed_error', atoms: ['closed_error'] },
  { key: 'forwarded', atoms: ['forwarded', 'verified', 'in_charge', 'back_in_class'] },
  { key: 'verified', atoms: ['verified', 'in_charge', 'back_in_class'] },
  { key: 'in_charge', atoms: ['in_charge', 'back_in_class'] },
  { key: 'back_in_class', atoms: ['back_in_class'] },
];
const funnelBy = (dimension: string, rows: readonly string[]): TableSpec => ({ key: `funnel.by-${dimension}`, rows, atoms: PATHS, columns: STAGES });

/** A generated report: where it lives, its level and how far it went. */
const reportArb = fc.record({ municipio: fc.constantFrom(...MUNICIPI), level: fc.constantFrom(...LEVELS), path: fc.constantFrom(...PATHS) });
type Report = { municipio: string; level: string; path: string };

function countsBy(reports: readonly Report[], dimension: 'municipio' | 'level'): AtomCounts {
  const counts: AtomCounts = {};
  for (const r of reports) {
    const row = (counts[r[dimension]] ??= {});
    row[r.path] = (row[r.path] ?? 0) + 1;
  }
  return counts;
}

const suppressedCells = (t: { suppressed: { row: string; column: string }[] }) => t.suppressed.map(({ row, column }) => ({ row, column }));

describe('protectTable', () => {
  it('suppresses every cell under the threshold, zero included, and publishes the totals', async () => {
    const spec = crossTableSpec('care-level.by-municipio', ['1', '2', '3'], ['I', 'II']);
    const table = await protectTable(spec, { '1': { I: 12, II: 3 }, '2': { I: 9, II: 0 }, '3': { I: 20, II: 8 } }, { threshold: THRESHOLD });
    expect(table.cells['1']?.II).toBeNull();
    expect(table.cells['2']?.II).toBeNull();
    expect(table.total).toEqual({ I: 41, II: 11, total: 52 });
    expect(publishedTable(table)).not.toHaveProperty('suppressed');
    expect(
      table.suppressed
        .filter((s) => s.reason === 'primary')
        .map((s) => `${s.row}/${s.column}`)
        .sort(),
    ).toEqual(['1/II', '2/II']);
    // Two cells of column II are hidden and its total is known: a row total must hide too, or 1/II = 15 − 12.
    expect(table.suppressed.some((s) => s.reason === 'complementary')).toBe(true);
    expect(await auditReleases({ municipio: spec.rows }, [{ tables: [{ dimension: 'municipio', spec, published: table }] }])).toEqual([]);
  });

  it('withholds a column whose total is small, and the total that would give it away', async () => {
    const spec = crossTableSpec('t', ['a', 'b'], ['x', 'y', 'z']);
    const table = await protectTable(spec, { a: { x: 7, z: 6 }, b: { x: 9, y: 2, z: 8 } }, { threshold: THRESHOLD });
    expect(table.total.y).toBeNull();
    // y = total − x − z: one more total must go, the smallest.
    expect(table.total).toEqual({ x: 16, y: null, z: null, total: 32 });
    expect(table.cells.a?.y).toBeNull();
    expect(await auditReleases({ d: spec.rows }, [{ tables: [{ dimension: 'd', spec, published: publishedTable(table) }] }])).toEqual([]);
  });

  it('keeps the cells of an earlier release suppressed, whatever they count now', async () => {
    const spec = crossTableSpec('t', ['a', 'b', 'c'], ['x', 'y']);
    const table = await protectTable(
      spec,
      { a: { x: 50, y: 50 }, b: { x: 50, y: 50 }, c: { x: 50, y: 50 } },
      { threshold: THRESHOLD, earlier: [{ row: 'a', column: 'x' }] },
    );
    expect(table.cells.a?.x).toBeNull();
    expect(table.suppressed).toContainEqual({ row: 'a', column: 'x', reason: 'earlier_release' });
    expect(await auditReleases({ d: spec.rows }, [{ tables: [{ dimension: 'd', spec, published: table }] }])).toEqual([]);
  });

  it('never picks as a complement a cell a one-row subtotal publishes (it would stay exposed for ever)', async () => {
    const spec = crossTableSpec('t', ['a', 'b', 'c'], ['x', 'y']);
    // b/x is small; a/x is the smallest cell beside it, but a coarser table publishes it as a's own subtotal.
    const table = await protectTable(
      spec,
      { a: { x: 6, y: 20 }, b: { x: 2, y: 30 }, c: { x: 40, y: 50 } },
      {
        threshold: THRESHOLD,
        subtotals: [{ rows: ['a'], column: 'x', value: 6 }],
      },
    );
    expect(table.cells.b?.x).toBeNull();
    expect(table.cells.a?.x).toBe(6);
    expect(await auditReleases({ d: spec.rows }, [{ tables: [{ dimension: 'd', spec, published: publishedTable(table) }] }])).toEqual([]);
  });

  it('writes CSV with the confidential flag and the totals last', async () => {
    const spec = crossTableSpec('t', ['a', 'b'], ['x', 'y']);
    const table = await protectTable(spec, { a: { x: 2, y: 10 }, b: { x: 9, y: 12 } }, { threshold: THRESHOLD });
    const lines = tableCsv(table).trim().split('\n');
    expect(lines[0]).toBe(',x,y,total');
    expect(lines[1]).toMatch(/^a,c,/);
    expect(lines.at(-1)).toBe(`${TOTAL_ROW},11,22,33`);
  });

  it('is caught by the audit when complementary suppression is skipped (the audit can fail)', async () => {
    const spec = crossTableSpec('t', ['a', 'b', 'c'], ['x', 'y']);
    const counts = { a: { x: 2, y: 10 }, b: { x: 9, y: 12 }, c: { x: 8, y: 7 } };
    const honest = await protectTable(spec, counts, { threshold: THRESHOLD });
    const primaryOnly = {
      ...honest,
      cells: { ...honest.cells, a: { x: null, y: 10, total: 12 }, b: { x: 9, y: 12, total: 21 }, c: { x: 8, y: 7, total: 15 } },
      suppressed: [{ row: 'a', column: 'x', reason: 'primary' as const }],
    };
    const findings = await auditReleases({ d: spec.rows }, [{ tables: [{ dimension: 'd', spec, published: primaryOnly }] }]);
    expect(findings).toEqual([{ release: 0, table: 't', row: 'a', column: 'x', value: 2 }]);
  });
});

describe('no published table lets a suppressed cell be recomputed (property)', () => {
  it('from its own margins, for any two-way table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.nat({ max: 14 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 5 }), async (grid) => {
        const rows = grid.map((_, i) => `r${i}`);
        const spec = crossTableSpec('t', rows, ['x', 'y', 'z']);
        const counts = Object.fromEntries(grid.map((line, i) => [`r${i}`, { x: line[0] ?? 0, y: line[1] ?? 0, z: line[2] ?? 0 }]));
        const published = await protectTable(spec, counts, { threshold: THRESHOLD });
        expect(await auditReleases({ d: rows }, [{ tables: [{ dimension: 'd', spec, published }] }])).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('from two funnels of the same reports read together, and from a second export after one more report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reportArb, { minLength: 5, maxLength: 60 }), reportArb, async (reports, late) => {
        const byMunicipio = funnelBy('municipio', MUNICIPI);
        const byLevel = funnelBy('level', LEVELS);
        const first = {
          municipio: await protectTable(byMunicipio, countsBy(reports, 'municipio'), { threshold: THRESHOLD }),
          level: await protectTable(byLevel, countsBy(reports, 'level'), { threshold: THRESHOLD }),
        };
        const after = [...reports, late];
        const second = {
          municipio: await protectTable(byMunicipio, countsBy(after, 'municipio'), { threshold: THRESHOLD, earlier: suppressedCells(first.municipio) }),
          level: await protectTable(byLevel, countsBy(after, 'level'), { threshold: THRESHOLD, earlier: suppressedCells(first.level) }),
        };
        const dimensions = { municipio: MUNICIPI, level: LEVELS };
        const release = (t: typeof first, added: number) => ({
          added,
          tables: [
            { dimension: 'municipio', spec: byMunicipio, published: t.municipio },
            { dimension: 'level', spec: byLevel, published: t.level },
          ],
        });
        expect(await auditReleases(dimensions, [release(first, 0), release(second, 1)])).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});
