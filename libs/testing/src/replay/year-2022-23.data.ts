import type { CitizenshipCategory, SchoolLevel, SchoolTrack } from '@casenet/contracts';

/**
 * The 2022/23 school year of Milan's dropout unit, the one data module `npm run replay -- 2022/23`
 * regenerates the year from. Two kinds of figure live here, kept apart on purpose:
 *
 * - SEED: what the published source says, each with the line it says it on. The replay must
 *   reproduce these exactly; `npm run replay` exits 1 when one differs.
 * - CHOICES: what the source does not say but a year needs (how the 103 closures split across the
 *   three reasons, the levels and citizenship of the closed reports, the schools, the towns of the
 *   non-residents…). They are ours, stated as ours, and the replay checks them too (a choice the
 *   published table does not show as chosen means the product miscounted), but they are never
 *   presented as the source's.
 *
 * Source: seed 000 (/work/shared/sources/000_bc269a36d84c5d03.txt), the 2023 Milan inter-agency
 * protocol's presentation, section "I numeri", lines 83–89.
 */

export const SEED_DOCUMENT = 'seed 000 (Protocollo d’intesa Milano 2023, “I numeri”)';

export type ScreeningClosureReason = 'immediate_return' | 'clerical_error' | 'non_resident';
export const CLOSURE_REASONS: readonly ScreeningClosureReason[] = ['immediate_return', 'clerical_error', 'non_resident'];

/** The levels the seed breaks the forwarded reports down by (it names no CFP report). */
export type SeedLevel = Extract<SchoolLevel, 'primaria' | 'secondaria_i' | 'secondaria_ii'>;
export const SEED_LEVELS: readonly SeedLevel[] = ['primaria', 'secondaria_i', 'secondaria_ii'];

export interface SeedFigure {
  value: number;
  /** Where the source says it: line and words. */
  source: string;
}

export interface SeedShare extends SeedFigure {
  /** The percentage the source prints beside the count. */
  percent: number;
}

export const SEED = {
  schoolYear: '2022/23',
  reported: {
    value: 439,
    source: 'l. 83: «nell’a.s. 2022-2023 sono state 439 le segnalazioni arrivate dalle Scuole»',
  },
  forwardedPolice: {
    value: 336,
    source: 'l. 83–84: «Di queste 336 segnalazioni sono state inviate alla Polizia locale per verifica»',
  },
  closedAtScreening: {
    // The source gives the two counts and the three reasons, not this difference's split.
    value: 439 - 336,
    source:
      'l. 84–86: 439 − 336; «quelle non trasmesse riguardano casi di ripresa immediata, di errori delle segreterie o di bambini e bambine non residenti a Milano»',
  },
  forwardedByLevel: {
    primaria: { value: 120, percent: 35.7, source: 'l. 87: «120 sono di Scuola Primaria (35,7%)»' },
    secondaria_i: { value: 154, percent: 45.8, source: 'l. 87–88: «154 di Secondaria di I grado (45,8%)»' },
    secondaria_ii: { value: 62, percent: 18.5, source: 'l. 88: «62 di Secondaria di II grado (18,5%)»' },
  } satisfies Record<SeedLevel, SeedShare>,
  italianOfForwarded: {
    // The source prints only the share: 235 is the whole count of 336 nearest 70% (69.9%).
    value: 235,
    percent: 70,
    source: 'l. 88–89: «Nel 70% dei casi si tratta di bambini e ragazzi con cittadinanza italiana» (235 of 336 = 69.9%)',
  },
} as const;

/**
 * Our choices. Every cell of the by-level and by-citizenship funnels is at least 6, so the
 * Osservatorio's small-cell suppression (default threshold 5, OSSERVATORIO_MIN_CELL) has nothing
 * to hide in the figures the replay prints; the split itself is invented.
 */
export const CHOICES = {
  /** The seed's 103 closures by reason. Immediate return is the commonest (a phone call brings the child back). */
  closures: { immediate_return: 46, clerical_error: 27, non_resident: 30 } satisfies Record<ScreeningClosureReason, number>,
  /** The closed reports' school levels, per reason (the seed gives levels of the forwarded only). */
  closedByLevel: {
    immediate_return: { primaria: 16, secondaria_i: 21, secondaria_ii: 9 },
    clerical_error: { primaria: 10, secondaria_i: 11, secondaria_ii: 6 },
    non_resident: { primaria: 11, secondaria_i: 13, secondaria_ii: 6 },
  } satisfies Record<ScreeningClosureReason, Record<SeedLevel, number>>,
  /** The closed reports' citizenship, per reason: Italian a little under the forwarded's 70%. */
  closedByCitizenship: {
    immediate_return: { italian: 32, non_italian: 8, newly_arrived: 6 },
    clerical_error: { italian: 15, non_italian: 6, newly_arrived: 6 },
    non_resident: { italian: 18, non_italian: 6, newly_arrived: 6 },
  } satisfies Record<ScreeningClosureReason, Record<CitizenshipCategory, number>>,
  /** The forwarded reports' 101 non-Italian children: newly arrived (neo-arrivati) are a part of them. */
  forwardedNonItalian: { non_italian: 79, newly_arrived: 22 },
  /** Share of reports of a child who never attended (the rest attend irregularly). */
  neverAttendedShare: 0.15,
  /**
   * Lombardy's 2022/23 school calendar: lessons from 12 September 2022 to 8 June 2023, with the
   * Christmas and Easter breaks and the national holidays off. Reports fall on school days from
   * two weeks in to the last week.
   */
  calendar: {
    firstDay: '2022-09-12',
    lastDay: '2023-06-08',
    firstReport: '2022-09-26',
    lastReport: '2023-05-31',
    closed: [
      ['2022-10-31', '2022-11-01'],
      ['2022-12-08', '2022-12-09'],
      ['2022-12-23', '2023-01-06'],
      ['2023-02-20', '2023-02-21'],
      ['2023-04-06', '2023-04-11'],
      ['2023-04-24', '2023-04-25'],
      ['2023-05-01', '2023-05-01'],
      ['2023-06-02', '2023-06-02'],
    ] as const,
  },
  /** Where the Milan children live, municipio 1–9: weighted by the minors in social-service care per municipio (domain.md). */
  municipioWeights: [399, 1148, 783, 1333, 1242, 1437, 1500, 1397, 1377],
  /** Towns of the metropolitan area the non-resident children live in (their municipality is competent, not Milan's). */
  outsideMilan: [
    { city: 'Sesto San Giovanni', postalCode: '20099' },
    { city: 'Cinisello Balsamo', postalCode: '20092' },
    { city: 'Rozzano', postalCode: '20089' },
    { city: 'Corsico', postalCode: '20094' },
    { city: 'San Donato Milanese', postalCode: '20097' },
    { city: 'Cologno Monzese', postalCode: '20093' },
  ],
  /** Birth years by level: the ages of 2022/23's classes (primaria 6–10, secondaria I 11–13, secondaria II 14–17). */
  birthYears: { primaria: [2012, 2016], secondaria_i: [2009, 2011], secondaria_ii: [2005, 2008] } satisfies Record<SeedLevel, [number, number]>,
} as const;

export interface ReplaySchool {
  /** Invented codici meccanografici of the right shape (MI, the school type, six more): not real schools. */
  code: string;
  name: string;
  level: SeedLevel;
  track?: SchoolTrack;
}

/** Several invented schools per level, each secondaria II school of one track. */
export const SCHOOLS: readonly ReplaySchool[] = [
  { code: 'MIEE8A1016', name: 'Scuola primaria di via Russo', level: 'primaria' },
  { code: 'MIEE8B2027', name: 'Scuola primaria di via Console Marcello', level: 'primaria' },
  { code: 'MIEE8C3038', name: 'Scuola primaria di via Feltre', level: 'primaria' },
  { code: 'MIEE8D4049', name: 'Scuola primaria di via Narcisi', level: 'primaria' },
  { code: 'MIEE8E5050', name: 'Scuola primaria di via Cesari', level: 'primaria' },
  { code: 'MIEE8F6061', name: 'Scuola primaria di via Anemoni', level: 'primaria' },
  { code: 'MIMM8A1012', name: 'Secondaria di I grado di via Cassinis', level: 'secondaria_i' },
  { code: 'MIMM8B2023', name: 'Secondaria di I grado di via Pascoli', level: 'secondaria_i' },
  { code: 'MIMM8C3034', name: 'Secondaria di I grado di viale Sarca', level: 'secondaria_i' },
  { code: 'MIMM8D4045', name: 'Secondaria di I grado di via Lorenteggio', level: 'secondaria_i' },
  { code: 'MIMM8E5056', name: 'Secondaria di I grado di via Quarto Oggiaro', level: 'secondaria_i' },
  { code: 'MIMM8F6067', name: 'Secondaria di I grado di via Padova', level: 'secondaria_i' },
  { code: 'MIPS0A1001', name: 'Liceo scientifico di via Tolstoj', level: 'secondaria_ii', track: 'liceale' },
  { code: 'MIPM0B2002', name: 'Liceo delle scienze umane di via Vivaio', level: 'secondaria_ii', track: 'liceale' },
  { code: 'MITD0C3003', name: 'Istituto tecnico economico di viale Monza', level: 'secondaria_ii', track: 'tecnico' },
  { code: 'MITF0D4004', name: 'Istituto tecnico tecnologico di via Ripamonti', level: 'secondaria_ii', track: 'tecnico' },
  { code: 'MIRI0E5005', name: 'Istituto professionale di via Giambellino', level: 'secondaria_ii', track: 'professionale' },
  { code: 'MIRC0F6006', name: 'Istituto professionale per i servizi di via Gatti', level: 'secondaria_ii', track: 'professionale' },
];

/** The small lists pupils are named from; their tax codes are computed, not anyone's. */
export const NAMES = {
  italian: {
    first: ['Giulia', 'Luca', 'Sofia', 'Mattia', 'Aurora', 'Chiara', 'Lorenzo', 'Elena', 'Tommaso', 'Martina', 'Davide', 'Alice'],
    last: ['Rossi', 'Bianchi', 'Esposito', 'Colombo', 'Ricci', 'Ferrari', 'Gallo', 'Brambilla', 'Fontana', 'Galli', 'Conti', 'Villa'],
  },
  foreign: {
    first: ['Ahmed', 'Omar', 'Yusuf', 'Fatima', 'Andrei', 'Ioana', 'Wei', 'Mei', 'Joel', 'Kevin', 'Nour', 'Samir'],
    last: ['El Amrani', 'Popescu', 'Hossain', 'Chen', 'Hu', 'Mendoza', 'Reyes', 'Benali', 'Ionescu', 'Kaur', 'Mansour', 'Quispe'],
  },
  /** Birthplace codes: Milan (F205) for children born here; foreign-state codes (Z…) for some born abroad. */
  bornAbroad: ['Z330', 'Z129', 'Z210', 'Z611', 'Z336', 'Z216'],
} as const;
