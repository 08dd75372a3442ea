import type { SchoolLevel, SchoolTrack } from '@casenet/contracts';
import type { AtomCounts } from '@casenet/statistics';
import { type FunnelBreakdown, type FunnelFacts, funnelAtom, levelRow, trackRow, UNKNOWN } from './osservatorio.tables.js';

/** One school report of the year as the funnel counts it: its breakdown categories and where its case went. */
export interface FunnelUnit extends FunnelFacts {
  level: SchoolLevel;
  track: SchoolTrack | null;
  municipio: number | null;
  citizenship: string | null;
  kind: string;
}

export function addCount(counts: AtomCounts, row: string, atom: string, n = 1): void {
  const cells = (counts[row] ??= {});
  cells[atom] = (cells[atom] ?? 0) + n;
}

/** The funnel's atom counts under every breakdown: one population, five tables. */
export function funnelCounts(units: Iterable<FunnelUnit & { n?: number }>, programmes: readonly string[]): Record<FunnelBreakdown, AtomCounts> {
  const counts: Record<FunnelBreakdown, AtomCounts> = { level: {}, track: {}, municipio: {}, citizenship: {}, kind: {} };
  for (const unit of units) {
    const atom = funnelAtom(unit, programmes);
    const n = unit.n ?? 1;
    addCount(counts.level, levelRow(unit.level), atom, n);
    addCount(counts.track, trackRow(unit.level, unit.track), atom, n);
    addCount(counts.municipio, unit.municipio === null ? UNKNOWN : String(unit.municipio), atom, n);
    addCount(counts.citizenship, unit.citizenship ?? UNKNOWN, atom, n);
    addCount(counts.kind, unit.kind, atom, n);
  }
  return counts;
}
