import {
  CITIZENSHIP_CATEGORIES,
  nextReferralStates,
  REFERRAL_STATES,
  REPORT_KINDS,
  type ReferralState,
  type SchoolLevel,
  type SchoolTrack,
  VERIFICATION_OUTCOMES,
  type VerificationOutcome,
} from '@casenet/contracts';
import type { ColumnSpec, TableSpec } from '@casenet/statistics';
import { SCREENING_CLOSURES, type ScreeningClosure } from '../cases/case-lifecycle.rules.js';
import { REFERRAL_AGENCIES, type ReferralAgency } from '../referrals/referral-web.rules.js';

/**
 * The Osservatorio's tables: their keys, rows, atoms and columns (TableSpec), and the class each
 * counted unit falls into. Pure: the read model feeds it, the property test drives it directly.
 *
 * Every column counts units that EVER reached a stage ("reported → … → returned to class"), never
 * units currently in one, so a cell can only grow as reports arrive and cases move on: that is what
 * keeps the suppressions of an earlier release sound (`osservatorio_suppressions`).
 */

/** Keys other tools rely on (the 2022/23 replay prints the funnel): keep them stable. */
export const FUNNEL_TABLES = {
  level: 'funnel.by-level',
  track: 'funnel.by-track',
  municipio: 'funnel.by-municipio',
  citizenship: 'funnel.by-citizenship',
  kind: 'funnel.by-kind',
} as const;
export const CARE_TABLE = 'care.by-municipio';
export const REFERRALS_TABLE = 'referrals.by-agency';
export const DEADLINES_TABLE = 'deadlines.by-kind';

export const UNKNOWN = 'unknown';
export const MUNICIPI = ['1', '2', '3', '4', '5', '6', '7', '8', '9', UNKNOWN] as const;
export const CITIZENSHIP_ROWS = [...CITIZENSHIP_CATEGORIES, UNKNOWN] as const;

/**
 * The level breakdown is the protocol's own: seed 000 counts primaria, secondaria I and secondaria
 * II, the second cycle, so the vocational centres' IeFP (CFP) counts under secondaria II and the
 * track table tells it apart. A CFP row of its own would also be zero in most years, and a zero row
 * takes a level's cell with it as its complement.
 */
export const LEVEL_ROWS = ['primaria', 'secondaria_i', 'secondaria_ii'] as const;
export type LevelRow = (typeof LEVEL_ROWS)[number];
export const levelRow = (level: SchoolLevel): LevelRow => (level === 'cfp' ? 'secondaria_ii' : level);

/**
 * The track breakdown refines the level breakdown (a track belongs to one level), so its rows say
 * which level a report without a stated track is in: every row has exactly one parent level, and
 * suppression can be kept consistent between the two tables (see TABLE_LINKS).
 */
export const TRACK_ROWS = ['primaria', 'secondaria_i', 'liceale', 'tecnico', 'professionale', 'secondaria_ii_unstated', 'iefp', 'cfp_unstated'] as const;
export type TrackRow = (typeof TRACK_ROWS)[number];
export const LEVEL_OF_TRACK_ROW: Readonly<Record<TrackRow, LevelRow>> = {
  primaria: 'primaria',
  secondaria_i: 'secondaria_i',
  liceale: 'secondaria_ii',
  tecnico: 'secondaria_ii',
  professionale: 'secondaria_ii',
  secondaria_ii_unstated: 'secondaria_ii',
  iefp: 'secondaria_ii',
  cfp_unstated: 'secondaria_ii',
};

export function trackRow(level: SchoolLevel, track: SchoolTrack | null): TrackRow {
  if (level === 'primaria' || level === 'secondaria_i') return level;
  if (level === 'cfp') return track === 'iefp' ? 'iefp' : 'cfp_unstated';
  return track && track !== 'iefp' ? track : 'secondaria_ii_unstated';
}

// ---------------------------------------------------------------- the funnel

/** Where a school report's case went: the facts its atom is derived from (all kept on the case row). */
export interface FunnelFacts {
  closedAtScreening: ScreeningClosure | null;
  forwarded: boolean;
  verification: VerificationOutcome | null;
  takenInCharge: boolean;
  /** The first programme named when taken in charge (the case's main programme). */
  programme: string | null;
  returnedToClass: boolean;
}

export const FUNNEL_COLUMN_KEYS = {
  reported: 'reported',
  closed: (reason: ScreeningClosure) => `closed_${reason}`,
  forwarded: 'forwarded_police',
  verified: (outcome: VerificationOutcome) => `verified_${outcome}`,
  takenInCharge: 'taken_in_charge',
  programme: (id: string) => `programme_${id}`,
  returned: 'returned_to_class',
} as const;

/** Programmes a case can name that are no longer in the catalogue are counted under this one. */
export const OTHER_PROGRAMME = 'other';

/**
 * The exclusive paths a report can take (its atoms): closed at screening for one reason; or not
 * screened (a report of another kind, or one still in the queue) / forwarded and verified with one
 * outcome, then possibly taken in charge under a main programme, then possibly back in class.
 */
export function funnelAtoms(programmes: readonly string[]): string[] {
  const care = (prefix: string): string[] => [prefix, ...programmes.flatMap((p) => [`${prefix}>tic:${p}`, `${prefix}>tic:${p}>returned`])];
  return [
    ...SCREENING_CLOSURES.map((reason) => `closed:${reason}`),
    ...care('open'),
    'forwarded',
    ...VERIFICATION_OUTCOMES.flatMap((outcome) => care(`forwarded>verified:${outcome}`)),
  ];
}

export function funnelAtom(facts: FunnelFacts, programmes: readonly string[]): string {
  if (facts.closedAtScreening) return `closed:${facts.closedAtScreening}`;
  let path: string;
  if (facts.forwarded) {
    if (!facts.verification) return 'forwarded';
    path = `forwarded>verified:${facts.verification}`;
  } else {
    path = 'open';
  }
  if (!facts.takenInCharge) return path;
  const programme = facts.programme && programmes.includes(facts.programme) ? facts.programme : OTHER_PROGRAMME;
  return `${path}>tic:${programme}${facts.returnedToClass ? '>returned' : ''}`;
}

/** The funnel's columns: every one "reached the stage", a sum of the path atoms that pass it. */
export function funnelColumns(programmes: readonly string[]): ColumnSpec[] {
  const atoms = funnelAtoms(programmes);
  const passing = (test: (atom: string) => boolean) => atoms.filter(test);
  return [
    { key: FUNNEL_COLUMN_KEYS.reported, atoms },
    ...SCREENING_CLOSURES.map((reason) => ({ key: FUNNEL_COLUMN_KEYS.closed(reason), atoms: [`closed:${reason}`] })),
    { key: FUNNEL_COLUMN_KEYS.forwarded, atoms: passing((a) => a.startsWith('forwarded')) },
    ...VERIFICATION_OUTCOMES.map((outcome) => ({
      key: FUNNEL_COLUMN_KEYS.verified(outcome),
      atoms: passing((a) => a.startsWith(`forwarded>verified:${outcome}`)),
    })),
    { key: FUNNEL_COLUMN_KEYS.takenInCharge, atoms: passing((a) => a.includes('>tic:')) },
    ...programmes.map((p) => ({ key: FUNNEL_COLUMN_KEYS.programme(p), atoms: passing((a) => a.includes(`>tic:${p}`)) })),
    { key: FUNNEL_COLUMN_KEYS.returned, atoms: passing((a) => a.endsWith('>returned')) },
  ];
}

/** The catalogue's programmes and `other`, the rows of the programme columns. */
export function programmeKeys(catalogue: readonly string[]): string[] {
  return [...catalogue, OTHER_PROGRAMME];
}

export type FunnelBreakdown = keyof typeof FUNNEL_TABLES;

export const FUNNEL_ROWS: Readonly<Record<FunnelBreakdown, readonly string[]>> = {
  level: LEVEL_ROWS,
  track: TRACK_ROWS,
  municipio: MUNICIPI,
  citizenship: CITIZENSHIP_ROWS,
  kind: REPORT_KINDS,
};

export function funnelSpec(breakdown: FunnelBreakdown, programmes: readonly string[]): TableSpec {
  return { key: FUNNEL_TABLES[breakdown], rows: FUNNEL_ROWS[breakdown], atoms: funnelAtoms(programmes), columns: funnelColumns(programmes) };
}

// ---------------------------------------------------------------- care level

/**
 * Cases by care level. A case only moves up (unassessed → I → II: a mandate's II stays), so
 * "in care at level I or II" and "reached level II" are both monotone; "at level I now" is not
 * published as a cell (it shrinks when a mandate arrives).
 */
export const CARE_ATOMS = ['unassessed', 'I', 'II'] as const;
export type CareAtom = (typeof CARE_ATOMS)[number];
export const CARE_COLUMNS: ColumnSpec[] = [
  { key: 'cases', atoms: CARE_ATOMS },
  { key: 'in_care', atoms: ['I', 'II'] },
  { key: 'level_ii', atoms: ['II'] },
];
export const CARE_SPEC: TableSpec = { key: CARE_TABLE, rows: MUNICIPI, atoms: CARE_ATOMS, columns: CARE_COLUMNS };

// ---------------------------------------------------------------- referrals

/** The receiving desks, as the Osservatorio names them: police verification, ATS, the juvenile prosecutor. */
export const REFERRAL_ROWS: Readonly<Record<ReferralAgency, string>> = { police: 'police_verification', health: 'ats', court: 'prosecutor' };

/**
 * Every path a referral loop can take through its states, whichever shape (a police verification
 * skips acceptance): the atoms of the referrals table, each `requested>accepted>…`.
 */
export function referralPaths(): string[] {
  const paths = new Set<string>();
  const walk = (path: ReferralState[]) => {
    paths.add(path.join('>'));
    const last = path[path.length - 1]!;
    for (const shape of ['asked', 'obliged'] as const) for (const next of nextReferralStates(last, shape)) walk([...path, next]);
  };
  walk(['requested']);
  return [...paths].sort();
}

export const REFERRAL_ATOMS = referralPaths();
/** A state column counts the referrals that ever reached it. */
export const REFERRAL_COLUMNS: ColumnSpec[] = REFERRAL_STATES.map((state) => ({
  key: state,
  atoms: REFERRAL_ATOMS.filter((path) => path.split('>').includes(state)),
}));
export const REFERRAL_SPEC: TableSpec = {
  key: REFERRALS_TABLE,
  rows: REFERRAL_AGENCIES.map((a) => REFERRAL_ROWS[a]),
  atoms: REFERRAL_ATOMS,
  columns: REFERRAL_COLUMNS,
};

/**
 * The path a referral took, from the states its history records in order (a repeated state is one
 * step) and the state it is in now. A history the protocol does not allow (rows older than the
 * history's referral entries) falls back to the shortest path to the current state.
 */
export function referralAtom(states: readonly ReferralState[], current: ReferralState): string {
  const path: ReferralState[] = ['requested'];
  for (const state of [...states, current]) if (path[path.length - 1] !== state) path.push(state);
  const atom = path.join('>');
  if (REFERRAL_ATOMS.includes(atom)) return atom;
  const shortest = REFERRAL_ATOMS.filter((a) => a.split('>').at(-1) === current).sort((a, b) => a.length - b.length)[0];
  return shortest ?? fail(`no referral path ends in ${current}`);
}

// ---------------------------------------------------------------- deadlines

/** A deadline is open, met or cancelled, and was or was not breached on the way (a breach stays). */
export const DEADLINE_ATOMS = ['open', 'open>breached', 'met', 'met>breached', 'cancelled', 'cancelled>breached'] as const;
export const DEADLINE_COLUMNS: ColumnSpec[] = [
  { key: 'scheduled', atoms: DEADLINE_ATOMS },
  { key: 'met', atoms: ['met', 'met>breached'] },
  { key: 'met_in_time', atoms: ['met'] },
  { key: 'breached', atoms: ['open>breached', 'met>breached', 'cancelled>breached'] },
  { key: 'cancelled', atoms: ['cancelled', 'cancelled>breached'] },
];

export function deadlineAtom(settled: 'met' | 'cancelled' | null, breached: boolean): string {
  return `${settled ?? 'open'}${breached ? '>breached' : ''}`;
}

export function deadlinesSpec(kinds: readonly string[]): TableSpec {
  return { key: DEADLINES_TABLE, rows: kinds, atoms: DEADLINE_ATOMS, columns: DEADLINE_COLUMNS };
}

// ---------------------------------------------------------------- links between tables

/**
 * Cells of two tables that count (nearly) the same units: a cell suppressed in one must be
 * suppressed in the other, or it can be read off there. `parent` maps a row of `refined` to the
 * row of `coarse` it is part of; each pair of columns counts the same stage.
 */
export interface TableLink {
  coarse: string;
  refined: string;
  parent: (refinedRow: string) => string;
  columns: readonly (readonly [coarseColumn: string, refinedColumn: string])[];
  /** The coarse cell is exactly the sum of its rows' cells (the same units), not only nearly. */
  exact: boolean;
}

export function tableLinks(programmes: readonly string[]): TableLink[] {
  const funnel = funnelColumns(programmes).map((c) => [c.key, c.key] as const);
  return [
    { coarse: FUNNEL_TABLES.level, refined: FUNNEL_TABLES.track, parent: (row) => LEVEL_OF_TRACK_ROW[row as TrackRow], columns: funnel, exact: true },
    // Most cases are opened by one school report: the care table's municipi would otherwise give
    // away the funnel's suppressed reported / taken-in-charge cells of the same municipio.
    {
      coarse: FUNNEL_TABLES.municipio,
      refined: CARE_TABLE,
      parent: (row) => row,
      exact: false,
      columns: [
        [FUNNEL_COLUMN_KEYS.reported, 'cases'],
        [FUNNEL_COLUMN_KEYS.takenInCharge, 'in_care'],
      ],
    },
  ];
}

function fail(message: string): never {
  throw new Error(message);
}
