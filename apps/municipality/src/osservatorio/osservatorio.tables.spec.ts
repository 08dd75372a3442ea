import { describe, expect, it } from '@jest/globals';
import { funnelCounts, type FunnelUnit } from './osservatorio.counts.js';
import { DEFAULT_MIN_CELL, readOsservatorioSettings } from './osservatorio.settings.js';
import { funnelSpec, programmeKeys, REFERRAL_ATOMS, referralAtom, REFERRAL_COLUMNS, trackRow } from './osservatorio.tables.js';

const PROGRAMMES = programmeKeys(['tutoring_educativo', 'poli_start']);

const report = (facts: Partial<FunnelUnit>): FunnelUnit => ({
  level: 'primaria',
  track: null,
  municipio: 3,
  citizenship: 'italian',
  kind: 'absence',
  closedAtScreening: null,
  forwarded: false,
  verification: null,
  takenInCharge: false,
  programme: null,
  returnedToClass: false,
  ...facts,
});

/** The published value of a funnel cell computed from the spec, as protectTable sums it. */
function cell(units: FunnelUnit[], row: string, column: string): number {
  const spec = funnelSpec('municipio', PROGRAMMES);
  const counts = funnelCounts(units, PROGRAMMES).municipio;
  return spec.columns.find((c) => c.key === column)!.atoms.reduce((sum, atom) => sum + (counts[row]?.[atom] ?? 0), 0);
}

describe('Osservatorio tables', () => {
  it('counts a report at every stage it reached, not only where it is now', () => {
    const back = report({ forwarded: true, verification: 'confirmed_absent', takenInCharge: true, programme: 'poli_start', returnedToClass: true });
    const waiting = report({ forwarded: true });
    const closed = report({ closedAtScreening: 'clerical_error', municipio: null });
    const units = [back, waiting, closed];
    expect(cell(units, '3', 'reported')).toBe(2);
    expect(cell(units, '3', 'forwarded_police')).toBe(2);
    expect(cell(units, '3', 'verified_confirmed_absent')).toBe(1);
    expect(cell(units, '3', 'taken_in_charge')).toBe(1);
    expect(cell(units, '3', 'programme_poli_start')).toBe(1);
    expect(cell(units, '3', 'programme_tutoring_educativo')).toBe(0);
    expect(cell(units, '3', 'returned_to_class')).toBe(1);
    expect(cell(units, 'unknown', 'closed_clerical_error')).toBe(1);
    expect(cell(units, 'unknown', 'forwarded_police')).toBe(0);
  });

  it('counts a programme no longer in the catalogue under other', () => {
    const units = [report({ takenInCharge: true, programme: 'opificio' })];
    expect(cell(units, '3', 'programme_other')).toBe(1);
    expect(cell(units, '3', 'taken_in_charge')).toBe(1);
  });

  it('gives every report without a track the row of its level', () => {
    expect(trackRow('primaria', null)).toBe('primaria');
    expect(trackRow('secondaria_ii', 'tecnico')).toBe('tecnico');
    expect(trackRow('secondaria_ii', null)).toBe('secondaria_ii_unstated');
    expect(trackRow('cfp', 'iefp')).toBe('iefp');
    expect(trackRow('cfp', null)).toBe('cfp_unstated');
  });

  it('knows every path of the referral loop, police verification (no acceptance) included', () => {
    expect(REFERRAL_ATOMS).toContain('requested>completed');
    expect(REFERRAL_ATOMS).toContain('requested>accepted>in_progress>withdrawn');
    expect(REFERRAL_ATOMS).not.toContain('requested>declined>accepted');
    expect(referralAtom(['accepted', 'in_progress', 'completed'], 'completed')).toBe('requested>accepted>in_progress>completed');
    // A history older than its entries falls back to the shortest path to where the referral is.
    expect(referralAtom([], 'in_progress')).toBe('requested>accepted>in_progress');
    const accepted = REFERRAL_COLUMNS.find((c) => c.key === 'accepted')!;
    expect(accepted.atoms).toContain('requested>accepted>in_progress>completed');
    expect(accepted.atoms).not.toContain('requested>completed');
  });

  it('reads the threshold from OSSERVATORIO_MIN_CELL, 5 by default, and refuses a wrong one at start-up', () => {
    const problems: string[] = [];
    expect(readOsservatorioSettings({}, problems).minCell).toBe(DEFAULT_MIN_CELL);
    expect(readOsservatorioSettings({ OSSERVATORIO_MIN_CELL: '10' }, problems).minCell).toBe(10);
    expect(problems).toEqual([]);
    for (const wrong of ['1', 'five', '3.5', '1000']) {
      const found: string[] = [];
      readOsservatorioSettings({ OSSERVATORIO_MIN_CELL: wrong }, found);
      expect({ wrong, refused: found.length > 0 }).toEqual({ wrong, refused: true });
      for (const line of found) expect(line).toMatch(/^OSSERVATORIO_MIN_CELL /);
    }
  });
});
