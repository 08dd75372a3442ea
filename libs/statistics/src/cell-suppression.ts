import { type SystemSolver, withSolver } from './interval.solver.js';
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
  /** Cells and totals under this count are hidden, zero included: a published zero that later turns into one names that one. */
  threshold: number;
  /** Cells suppressed in earlier releases of the same table: they stay suppressed, or comparing releases would reveal them. */
  earlier?: Iterable<CellRef>;
  /** Sums of some rows' cells published elsewhere (a coarser table's row): the observer knows them too. */
  subtotals?: readonly Subtotal[];
}

/** A published sum of one column over a group of rows, e.g. a school level over its tracks. */
export interface Subtotal {
  rows: readonly string[];
  column: string;
  value: number;
}

/** The observer's system for one table: a whole, non-negative unknown per row and atom, tied by what is published. */
export function tableSystem(
  spec: TableSpec,
  published: (cell: CellRef) => number | null,
  total: (column: string) => number | null,
  subtotals: readonly Subtotal[] = [],
): { system: LinearSystem; cellTerms: (cell: CellRef) => LinearTerms } {
  const system = new LinearSystem();
  const index = new Map<string, number>();
  for (const row of spec.rows) for (const atom of spec.atoms) index.set(`${row}\u0000${atom}`, system.variable(`${row}/${atom}`));
  const at = (row: string, atom: string) => [index.get(`${row}\u0000${atom}`) ?? -1, 1] as const;
  const atomsOf = new Map(spec.columns.map((c) => [c.key, c.atoms]));
  const cellTerms = (cell: CellRef) => terms((atomsOf.get(cell.column) ?? []).map((atom) => at(cell.row, atom)));
  for (const column of spec.columns) {
    const columnTotal = total(column.key);
    if (columnTotal !== null) system.equal(terms(spec.rows.flatMap((row) => column.atoms.map((atom) => at(row, atom)))), columnTotal);
    for (const row of spec.rows) {
      const value = published({ row, column: column.key });
      if (value !== null) system.equal(cellTerms({ row, column: column.key }), value);
    }
  }
  for (const subtotal of subtotals) {
    system.equal(terms(subtotal.rows.flatMap((row) => [...cellTerms({ row, column: subtotal.column })])), subtotal.value);
  }
  return { system, cellTerms };
}

/**
 * Hides items under the threshold, then adds complements (the smallest free items) until the
 * audit finds no hidden item that only one value fits. Suppressing more only widens what an
 * observer cannot tell apart, so an item found safe stays safe and is not audited again.
 */
async function suppressUntilSafe<T>(input: {
  items: readonly T[];
  id: (item: T) => string;
  value: (item: T) => number;
  hidden: Map<string, SuppressionReason>;
  /** Where complements for an exposed item are looked for first. */
  beside: (exposed: T, candidate: T) => boolean;
  audit: (hidden: ReadonlySet<string>) => LinearSystem;
  termsOf: (item: T) => LinearTerms;
  /** Items that could never protect another (their value is published elsewhere): not complements. */
  pinned?: (item: T) => boolean;
  what: string;
}): Promise<void> {
  const safe = new Set<string>();
  for (;;) {
    const hiddenIds = new Set(input.hidden.keys());
    const exposed = await withSolver(input.audit(hiddenIds), (solver: SystemSolver) => {
      for (const item of input.items) {
        const id = input.id(item);
        if (!hiddenIds.has(id) || safe.has(id)) continue;
        if (solver.isDetermined(input.termsOf(item), input.value(item))) return item;
        safe.add(id);
      }
      return undefined;
    });
    if (exposed === undefined) return;
    const free = input.items.filter((item) => !hiddenIds.has(input.id(item)) && !input.pinned?.(item));
    const near = free.filter((item) => input.beside(exposed, item));
    // Every free item is at or over the threshold (smaller ones are hidden): the smallest loses least; ties in table order.
    const complement = [...(near.length > 0 ? near : free)].sort((a, b) => input.value(a) - input.value(b))[0];
    if (complement === undefined) throw new Error(`${input.what}: nothing left to hide that would protect ${input.id(exposed)}`);
    input.hidden.set(input.id(complement), 'complementary');
  }
}

/**
 * The columns whose totals are withheld. Decided from the totals alone, so every table of one
 * population (they share columns and totals) withholds the same ones: a total hidden in one table
 * and shown in another would undo the hiding.
 */
async function withheldColumns(spec: TableSpec, total: Record<string, number>, threshold: number): Promise<Set<string>> {
  const hidden = new Map<string, SuppressionReason>();
  for (const column of spec.columns) if ((total[column.key] ?? 0) < threshold) hidden.set(column.key, 'primary');
  const system = (hiddenIds: ReadonlySet<string>) => {
    const s = new LinearSystem();
    const atom = new Map(spec.atoms.map((a) => [a, s.variable(a)]));
    for (const column of spec.columns)
      if (!hiddenIds.has(column.key)) s.equal(terms(column.atoms.map((a) => [atom.get(a) ?? -1, 1] as const)), total[column.key] ?? 0);
    return s;
  };
  const atomIndex = new Map(spec.atoms.map((a, i) => [a, i]));
  await suppressUntilSafe({
    items: spec.columns,
    id: (c) => c.key,
    value: (c) => total[c.key] ?? 0,
    hidden,
    beside: () => true,
    audit: system,
    termsOf: (c) => terms(c.atoms.map((a) => [atomIndex.get(a) ?? -1, 1] as const)),
    what: `${spec.key} totals`,
  });
  return new Set(hidden.keys());
}

/**
 * Withheld columns first (small totals and what would reveal them), then primary suppression of
 * small cells, the cells of earlier releases, and complements until an exact audit finds no
 * suppressed cell an observer could recompute from the rest of the table and its totals.
 */
export async function protectTable(spec: TableSpec, counts: AtomCounts, options: ProtectionOptions): Promise<ProtectedTable> {
  checkSpec(spec);
  if (!Number.isInteger(options.threshold) || options.threshold < 1) throw new RangeError('the suppression threshold must be a whole number ≥ 1');
  const { cells: values, total } = cellValues(spec, counts);
  const withheld = await withheldColumns(spec, total, options.threshold);
  const columns = spec.columns.map((c) => c.key);
  const all: CellRef[] = spec.rows.flatMap((row) => columns.map((column) => ({ row, column })));
  const valueOf = (cell: CellRef) => values[cell.row]?.[cell.column] ?? 0;
  const publishedTotal = (column: string) => (withheld.has(column) ? null : (total[column] ?? 0));

  const pinned = new Set((options.subtotals ?? []).filter((s) => s.rows.length === 1).map((s) => cellId({ row: s.rows[0] ?? '', column: s.column })));
  const hidden = new Map<string, SuppressionReason>();
  const earlier = new Set([...(options.earlier ?? [])].map(cellId));
  for (const cell of all) {
    if (withheld.has(cell.column)) hidden.set(cellId(cell), 'withheld_column');
    else if (earlier.has(cellId(cell))) hidden.set(cellId(cell), 'earlier_release');
    else if (valueOf(cell) < options.threshold) hidden.set(cellId(cell), 'primary');
  }
  let cellTerms: (cell: CellRef) => LinearTerms = () => new Map();
  await suppressUntilSafe({
    items: all,
    id: cellId,
    value: valueOf,
    hidden,
    beside: (exposed, cell) => cell.row === exposed.row || cell.column === exposed.column,
    audit: (hiddenIds) => {
      const built = tableSystem(spec, (cell) => (hiddenIds.has(cellId(cell)) ? null : valueOf(cell)), publishedTotal, options.subtotals);
      cellTerms = built.cellTerms;
      return built.system;
    },
    termsOf: (cell) => cellTerms(cell),
    // A cell that is a subtotal's only row is published there: hiding it here would protect nothing.
    pinned: (cell) => pinned.has(cellId(cell)),
    what: spec.key,
  });

  const cells: ProtectedTable['cells'] = {};
  for (const row of spec.rows) {
    cells[row] = {};
    for (const column of columns) cells[row][column] = hidden.has(cellId({ row, column })) ? null : valueOf({ row, column });
  }
  return {
    key: spec.key,
    threshold: options.threshold,
    rows: [...spec.rows],
    columns,
    cells,
    total: Object.fromEntries(columns.map((c) => [c, publishedTotal(c)])),
    suppressed: all.flatMap((cell) => {
      const reason = hidden.get(cellId(cell));
      return reason ? [{ ...cell, reason }] : [];
    }),
  };
}
