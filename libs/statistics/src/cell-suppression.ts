import { isDetermined } from './interval.solver.js';
import { LinearSystem, type LinearTerms, terms } from './linear-system.js';
import {
  type AtomCounts,
  type CellRef,
  cellId,
  cellValues,
  checkSpec,
  type ProtectedTable,
  type SuppressionReason,
  type TableSpec,
} from './statistical-table.js';

export interface ProtectionOptions {
  /** Cells under this count are suppressed, zero included: a published zero that later turns into one names that one. */
  threshold: number;
  /** Cells suppressed in earlier releases of the same table: they stay suppressed, or comparing releases would reveal them. */
  earlier?: Iterable<CellRef>;
}

/** The observer's system for one table: a whole, non-negative unknown per row and atom, tied by what is published. */
export function tableSystem(
  spec: TableSpec,
  published: (cell: CellRef) => number | null,
  total: Record<string, number>,
): { system: LinearSystem; cellTerms: (cell: CellRef) => LinearTerms } {
  const system = new LinearSystem();
  const index = new Map<string, number>();
  for (const row of spec.rows) for (const atom of spec.atoms) index.set(`${row}\u0000${atom}`, system.variable(`${row}/${atom}`));
  const atomsOf = new Map(spec.columns.map((c) => [c.key, c.atoms]));
  const cellTerms = (cell: CellRef) => terms((atomsOf.get(cell.column) ?? []).map((atom) => [index.get(`${cell.row}\u0000${atom}`) ?? -1, 1] as const));
  for (const column of spec.columns) {
    system.equal(terms(spec.rows.flatMap((row) => column.atoms.map((atom) => [index.get(`${row}\u0000${atom}`) ?? -1, 1] as const))), total[column.key] ?? 0);
    for (const row of spec.rows) {
      const value = published({ row, column: column.key });
      if (value !== null) system.equal(cellTerms({ row, column: column.key }), value);
    }
  }
  return { system, cellTerms };
}

/**
 * Primary suppression of small cells, the cells of earlier releases, then complementary
 * suppression until an exact audit finds no suppressed cell an observer could recompute from the
 * rest of the table and its totals. Complements are the smallest cells beside the exposed one
 * (same row or column), so the least information is lost.
 */
export async function protectTable(spec: TableSpec, counts: AtomCounts, options: ProtectionOptions): Promise<ProtectedTable> {
  checkSpec(spec);
  if (!Number.isInteger(options.threshold) || options.threshold < 1) throw new RangeError('the suppression threshold must be a whole number ≥ 1');
  const { cells: values, total } = cellValues(spec, counts);
  const columns = spec.columns.map((c) => c.key);
  const all: CellRef[] = spec.rows.flatMap((row) => columns.map((column) => ({ row, column })));
  const valueOf = (cell: CellRef) => values[cell.row]?.[cell.column] ?? 0;
  // A column whose published total is zero has only zeros: there is nothing in it to protect.
  const protectable = (cell: CellRef) => (total[cell.column] ?? 0) > 0;

  const suppressed = new Map<string, { cell: CellRef; reason: SuppressionReason }>();
  const earlier = new Set([...(options.earlier ?? [])].map(cellId));
  for (const cell of all) {
    if (!protectable(cell)) continue;
    if (earlier.has(cellId(cell))) suppressed.set(cellId(cell), { cell, reason: 'earlier_release' });
    else if (valueOf(cell) < options.threshold) suppressed.set(cellId(cell), { cell, reason: 'primary' });
  }

  // Suppressing more only widens what an observer cannot tell apart, so a cell found safe stays safe.
  const safe = new Set<string>();
  for (;;) {
    const { system, cellTerms } = tableSystem(spec, (cell) => (suppressed.has(cellId(cell)) ? null : valueOf(cell)), total);
    let exposed: CellRef | undefined;
    for (const { cell } of suppressed.values()) {
      if (safe.has(cellId(cell))) continue;
      if (await isDetermined(system, cellTerms(cell), valueOf(cell))) {
        exposed = cell;
        break;
      }
      safe.add(cellId(cell));
    }
    if (!exposed) break;
    const complement = chooseComplement(exposed, all, (cell) => suppressed.has(cellId(cell)) || !protectable(cell), valueOf);
    if (!complement) throw new Error(`${spec.key}: no cell left to protect ${exposed.row}/${exposed.column}`);
    suppressed.set(cellId(complement), { cell: complement, reason: 'complementary' });
  }

  const cells: ProtectedTable['cells'] = {};
  for (const row of spec.rows) {
    cells[row] = {};
    for (const column of columns) cells[row][column] = suppressed.has(cellId({ row, column })) ? null : valueOf({ row, column });
  }
  return {
    key: spec.key,
    threshold: options.threshold,
    rows: [...spec.rows],
    columns,
    cells,
    total,
    suppressed: [...suppressed.values()].map(({ cell, reason }) => ({ ...cell, reason })),
  };
}

function chooseComplement(
  exposed: CellRef,
  all: readonly CellRef[],
  taken: (cell: CellRef) => boolean,
  valueOf: (cell: CellRef) => number,
): CellRef | undefined {
  const free = all.filter((cell) => !taken(cell));
  const beside = free.filter((cell) => cell.row === exposed.row || cell.column === exposed.column);
  const pool = beside.length > 0 ? beside : free;
  // Every free cell is at or over the threshold (smaller ones are primaries): the smallest loses least; ties in table order.
  return [...pool].sort((a, b) => valueOf(a) - valueOf(b))[0];
}
