/**
 * A statistical table as the Osservatorio and the school office publish it: fixed rows (every
 * category of one breakdown, data or not), counted units falling into exactly one atom each, and
 * published columns that each sum some atoms (nested funnel stages sum path atoms). The row of
 * column totals is the population's own total: published unless small, or unless it would give a
 * small one away (then its column is withheld, ADR 0023).
 */
export const TOTAL_ROW = '_total';

export interface ColumnSpec {
  key: string;
  atoms: readonly string[];
}

export interface TableSpec {
  key: string;
  rows: readonly string[];
  atoms: readonly string[];
  columns: readonly ColumnSpec[];
}

/** Units per row and atom; a missing entry is zero. */
export type AtomCounts = Record<string, Record<string, number>>;

export interface CellRef {
  row: string;
  column: string;
}

/** Why a cell is hidden; kept by the publisher (to carry suppressions into later releases), never published. */
export type SuppressionReason = 'primary' | 'complementary' | 'earlier_release' | 'withheld_column';

export interface SuppressedCell extends CellRef {
  reason: SuppressionReason;
}

/** What a release shows: the figures, null where suppressed. */
export interface PublishedTable {
  key: string;
  threshold: number;
  rows: string[];
  columns: string[];
  cells: Record<string, Record<string, number | null>>;
  /** Null for a withheld column: its total is small, or would let a small one be recomputed. */
  total: Record<string, number | null>;
}

export interface ProtectedTable extends PublishedTable {
  suppressed: SuppressedCell[];
}

/** The release without the publisher's reasons: a reason would tell which hidden cells are under the threshold. */
export function publishedTable(table: ProtectedTable): PublishedTable {
  const { suppressed: _reasons, ...published } = table;
  return published;
}

export class TableSpecError extends Error {}

/** A two-way table of one breakdown against exclusive categories, with their total as a last column. */
export function crossTableSpec(key: string, rows: readonly string[], categories: readonly string[]): TableSpec {
  return {
    key,
    rows,
    atoms: categories,
    columns: [...categories.map((c) => ({ key: c, atoms: [c] })), { key: 'total', atoms: categories }],
  };
}

/** Refuses a spec the protection cannot reason about: a single row is its own total, and names must be unique. */
export function checkSpec(spec: TableSpec): void {
  const unique = (what: string, names: readonly string[]) => {
    if (new Set(names).size !== names.length) throw new TableSpecError(`${spec.key}: ${what} must be unique`);
  };
  unique('rows', spec.rows);
  unique('atoms', spec.atoms);
  unique(
    'columns',
    spec.columns.map((c) => c.key),
  );
  if (spec.rows.length < 2) throw new TableSpecError(`${spec.key}: a table needs at least two rows, or its cells are its totals`);
  if (spec.rows.includes(TOTAL_ROW)) throw new TableSpecError(`${spec.key}: ${TOTAL_ROW} names the totals, not a row`);
  const atoms = new Set(spec.atoms);
  for (const column of spec.columns) {
    if (column.atoms.length === 0) throw new TableSpecError(`${spec.key}: column ${column.key} sums no atom`);
    for (const atom of column.atoms) if (!atoms.has(atom)) throw new TableSpecError(`${spec.key}: column ${column.key} names unknown atom ${atom}`);
  }
}

export function countOf(counts: AtomCounts, row: string, atom: string): number {
  return counts[row]?.[atom] ?? 0;
}

/** The true value of every cell and of the totals, before any suppression. */
export function cellValues(spec: TableSpec, counts: AtomCounts): { cells: Record<string, Record<string, number>>; total: Record<string, number> } {
  for (const [row, byAtom] of Object.entries(counts)) {
    if (!spec.rows.includes(row)) throw new TableSpecError(`${spec.key}: counts name unknown row ${row}`);
    for (const [atom, n] of Object.entries(byAtom)) {
      if (!spec.atoms.includes(atom)) throw new TableSpecError(`${spec.key}: counts name unknown atom ${atom}`);
      if (!Number.isInteger(n) || n < 0) throw new TableSpecError(`${spec.key}: count ${row}/${atom} must be a whole number ≥ 0`);
    }
  }
  const cells: Record<string, Record<string, number>> = {};
  const total: Record<string, number> = {};
  for (const column of spec.columns) total[column.key] = 0;
  for (const row of spec.rows) {
    cells[row] = {};
    for (const column of spec.columns) {
      const value = column.atoms.reduce((sum, atom) => sum + countOf(counts, row, atom), 0);
      cells[row][column.key] = value;
      total[column.key] += value;
    }
  }
  return { cells, total };
}

export const cellId = (cell: CellRef): string => `${cell.row}\u0000${cell.column}`;
