import { withSolver } from './interval.solver.js';
import { LinearSystem, terms } from './linear-system.js';
import { type PublishedTable, type TableSpec, TOTAL_ROW } from './statistical-table.js';

/** One published table of a population, broken down by one of its dimensions. */
export interface ReleasedTable {
  dimension: string;
  spec: TableSpec;
  published: PublishedTable;
}

export interface Release {
  tables: readonly ReleasedTable[];
  /** Units added since the previous release (the first release's is ignored). */
  added?: number;
}

export interface Finding {
  release: number;
  table: string;
  row: string;
  column: string;
  value: number;
}

/**
 * What an observer holding every given release could recompute: the unknowns are the joint counts
 * over every dimension the tables break down by (so two tables of the same population are read
 * together), and each later release is the earlier one plus whole, non-negative additions of the
 * stated size (so a second export after one more report is compared with the first). A finding is a
 * hidden cell or withheld total (row `_total`) whose value only one solution allows. It reads only
 * what was published. The tables of all releases must share atoms.
 */
export async function auditReleases(dimensions: Record<string, readonly string[]>, releases: readonly Release[]): Promise<Finding[]> {
  const used = [...new Set(releases.flatMap((r) => r.tables.map((t) => t.dimension)))];
  for (const d of used) if (!dimensions[d]) throw new Error(`no categories for dimension ${d}`);
  const atoms = releases[0]?.tables[0]?.spec.atoms ?? [];
  const classes = used.reduce<string[][]>((acc, d) => acc.flatMap((prefix) => (dimensions[d] ?? []).map((c) => [...prefix, c])), [[]]);
  const system = new LinearSystem();
  // unknowns[k][class][atom]: the counts as release k saw them, built from the first plus additions.
  const base = classes.map((c) => atoms.map((a) => [system.variable(`${c.join('|')}/${a}`)]));
  const unknowns: number[][][][] = [base];
  releases.slice(1).forEach((release, k) => {
    const additions = classes.map((c) => atoms.map((a) => system.variable(`+${k + 1}:${c.join('|')}/${a}`)));
    system.equal(terms(additions.flat().map((v) => [v, 1] as const)), release.added ?? 0);
    const previous = unknowns[k] ?? base;
    unknowns.push(previous.map((byAtom, i) => byAtom.map((vars, j) => [...vars, additions[i]?.[j] ?? -1])));
  });
  const cellTerms = (k: number, table: ReleasedTable, row: string | undefined, column: string) => {
    const position = used.indexOf(table.dimension);
    const columnAtoms = new Set(table.spec.columns.find((c) => c.key === column)?.atoms ?? []);
    const entries: [number, number][] = [];
    classes.forEach((c, i) => {
      if (row !== undefined && c[position] !== row) return;
      atoms.forEach((a, j) => {
        if (columnAtoms.has(a)) for (const v of unknowns[k]?.[i]?.[j] ?? []) entries.push([v, 1]);
      });
    });
    return terms(entries);
  };
  releases.forEach((release, k) => {
    for (const table of release.tables) {
      for (const column of table.published.columns) {
        const total = table.published.total[column];
        if (total !== null && total !== undefined) system.equal(cellTerms(k, table, undefined, column), total);
        for (const row of table.published.rows) {
          const value = table.published.cells[row]?.[column];
          if (value !== null && value !== undefined) system.equal(cellTerms(k, table, row, column), value);
        }
      }
    }
  });
  return withSolver(system, (solver) => {
    const findings: Finding[] = [];
    for (const [k, release] of releases.entries()) {
      for (const table of release.tables) {
        const { rows, columns, cells, total } = table.published;
        const hidden = [
          ...rows.flatMap((row) => columns.filter((column) => cells[row]?.[column] === null).map((column) => ({ row, column }))),
          ...columns.filter((column) => total[column] === null).map((column) => ({ row: TOTAL_ROW, column })),
        ];
        for (const cell of hidden) {
          const range = solver.range(cellTerms(k, table, cell.row === TOTAL_ROW ? undefined : cell.row, cell.column));
          if (range.min === range.max) findings.push({ release: k, table: table.published.key, row: cell.row, column: cell.column, value: range.min });
        }
      }
    }
    return findings;
  });
}
