import {
  type AbsenceCategory,
  type AbsenceFigures,
  type CitizenshipCategory,
  type PupilIdentity,
  type ReportingSchool,
  type Residence,
  type SchoolTrack,
  taxCodeCheckCharacter,
} from '@casenet/contracts';
import { SeededRandom } from './seeded.random.js';
import { CHOICES, CLOSURE_REASONS, NAMES, SCHOOLS, SEED, type ScreeningClosureReason, type SeedLevel } from './year-2022-23.data.js';

/** What happens to a report at screening: one of the three closures, or forwarded to police. */
export type ScreeningFate = ScreeningClosureReason | 'forward_police';

/** `POST /reports` on schools, an absence report exactly as a secretariat files it (no other field). */
export interface AbsenceReportBody {
  kind: 'absence';
  pupil: PupilIdentity;
  residence: Residence;
  school: ReportingSchool;
  schoolYear: string;
  citizenship: CitizenshipCategory;
  track?: SchoolTrack;
  category: AbsenceCategory;
  absence: AbsenceFigures;
}

export interface PlannedReport {
  /** Filing order, from 0. */
  index: number;
  /** The school day the school files it in the year; the replay files in this order (the services stamp their own clock). */
  filedOn: string;
  /** What the dropout unit will decide: for the closures, what the school tells it on the phone or the residence shows. */
  fate: ScreeningFate;
  body: AbsenceReportBody;
}

interface Slot {
  fate: ScreeningFate;
  level: SeedLevel;
  citizenship: CitizenshipCategory;
}

/**
 * The year's reports from the data module: exactly the seed's counts (reported, forwarded by
 * level, Italian of the forwarded) and our choices for the rest, each pupil synthetic and the
 * whole year the same for the same seed.
 */
export function generateYear(seed: number): PlannedReport[] {
  const random = new SeededRandom(seed);
  const slots = random.shuffle(plannedSlots(random));
  const days = schoolDays();
  const reportDays = days.filter((day) => day >= CHOICES.calendar.firstReport && day <= CHOICES.calendar.lastReport);
  const taxCodes = new Set<string>();
  const dated = slots.map((slot) => ({ slot, filedOn: random.pick(reportDays) }));
  // Stable sort: reports of one day keep their shuffled order.
  dated.sort((a, b) => a.filedOn.localeCompare(b.filedOn));
  return dated.map(({ slot, filedOn }, index) => ({
    index,
    filedOn,
    fate: slot.fate,
    body: reportFor(random, slot, filedOn, days, taxCodes),
  }));
}

/** Fate × level and fate × citizenship from the data module, paired at random within each fate. */
function plannedSlots(random: SeededRandom): Slot[] {
  const byFate: Record<ScreeningFate, { levels: Record<SeedLevel, number>; citizenship: Record<CitizenshipCategory, number> }> = {
    forward_police: {
      levels: {
        primaria: SEED.forwardedByLevel.primaria.value,
        secondaria_i: SEED.forwardedByLevel.secondaria_i.value,
        secondaria_ii: SEED.forwardedByLevel.secondaria_ii.value,
      },
      citizenship: { italian: SEED.italianOfForwarded.value, ...CHOICES.forwardedNonItalian },
    },
    immediate_return: { levels: CHOICES.closedByLevel.immediate_return, citizenship: CHOICES.closedByCitizenship.immediate_return },
    clerical_error: { levels: CHOICES.closedByLevel.clerical_error, citizenship: CHOICES.closedByCitizenship.clerical_error },
    non_resident: { levels: CHOICES.closedByLevel.non_resident, citizenship: CHOICES.closedByCitizenship.non_resident },
  };
  const expected: Record<ScreeningFate, number> = { forward_police: SEED.forwardedPolice.value, ...CHOICES.closures };
  const closed = CLOSURE_REASONS.reduce((sum, reason) => sum + CHOICES.closures[reason], 0);
  if (closed !== SEED.closedAtScreening.value)
    throw new Error(`the choices close ${closed} reports at screening; the seed closes ${SEED.closedAtScreening.value}`);
  if (closed + SEED.forwardedPolice.value !== SEED.reported.value) throw new Error('closed + forwarded must be the seed’s reported');
  const slots: Slot[] = [];
  for (const [fate, { levels, citizenship }] of Object.entries(byFate) as [ScreeningFate, (typeof byFate)[ScreeningFate]][]) {
    const levelList = expand(levels);
    const citizenshipList = random.shuffle(expand(citizenship));
    if (levelList.length !== expected[fate] || citizenshipList.length !== expected[fate]) {
      throw new Error(`${fate}: ${levelList.length} by level and ${citizenshipList.length} by citizenship, expected ${expected[fate]}`);
    }
    levelList.forEach((level, i) => slots.push({ fate, level, citizenship: citizenshipList[i] as CitizenshipCategory }));
  }
  return slots;
}

function expand<K extends string>(counts: Record<K, number>): K[] {
  return (Object.entries(counts) as [K, number][]).flatMap(([key, n]) => Array.from({ length: n }, () => key));
}

const MILAN_STREETS = [
  'Via Padova',
  'Viale Monza',
  'Via Giambellino',
  'Via Lorenteggio',
  'Piazzale Selinunte',
  'Via Ripamonti',
  'Via Quarto Oggiaro',
  'Via Gallarate',
];
const OUTSIDE_STREETS = ['Via Roma', 'Via Matteotti', 'Via Garibaldi', 'Via Mazzini'];

function reportFor(random: SeededRandom, slot: Slot, filedOn: string, days: readonly string[], taxCodes: Set<string>): AbsenceReportBody {
  const school = random.pick(SCHOOLS.filter((s) => s.level === slot.level));
  const category: AbsenceCategory = random.next() < CHOICES.neverAttendedShare ? 'never_attended' : 'irregular_attendance';
  return {
    kind: 'absence',
    pupil: pupilFor(random, slot, taxCodes),
    residence: residenceFor(random, slot.fate === 'non_resident'),
    school: { code: school.code, name: school.name, level: school.level },
    schoolYear: SEED.schoolYear,
    citizenship: slot.citizenship,
    ...(school.track ? { track: school.track } : {}),
    category,
    absence: absenceFor(random, category, filedOn, days),
  };
}

function pupilFor(random: SeededRandom, slot: Slot, taxCodes: Set<string>): PupilIdentity {
  const names = slot.citizenship === 'italian' ? NAMES.italian : NAMES.foreign;
  const [fromYear, toYear] = CHOICES.birthYears[slot.level];
  // Newly arrived children were born abroad; half the other non-Italian children too.
  const abroad = slot.citizenship === 'newly_arrived' || (slot.citizenship === 'non_italian' && random.next() < 0.5);
  for (;;) {
    const firstName = random.pick(names.first);
    const lastName = random.pick(names.last);
    const birthDate = `${random.int(fromYear, toYear)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
    const taxCode = syntheticTaxCode(firstName, lastName, birthDate, random.next() < 0.5, abroad ? random.pick(NAMES.bornAbroad) : 'F205');
    // Two reports with one tax code would be one child, linked to one case: every pupil is distinct.
    if (taxCodes.has(taxCode)) continue;
    taxCodes.add(taxCode);
    return { firstName, lastName, taxCode, birthDate };
  }
}

function residenceFor(random: SeededRandom, outsideMilan: boolean): Residence {
  if (outsideMilan) {
    const town = random.pick(CHOICES.outsideMilan);
    return { address: `${random.pick(OUTSIDE_STREETS)} ${random.int(1, 120)}`, city: town.city, postalCode: town.postalCode };
  }
  return {
    address: `${random.pick(MILAN_STREETS)} ${random.int(1, 200)}`,
    city: 'Milano',
    postalCode: `201${pad(random.int(21, 62))}`,
    municipio: random.weighted(CHOICES.municipioWeights) + 1,
  };
}

/**
 * The figures of the period from the first day of school to the filing day: a child who never
 * attended missed every day; one who attends irregularly missed more than a quarter of them (the
 * legal threshold), from a day their absences began.
 */
function absenceFor(random: SeededRandom, category: AbsenceCategory, filedOn: string, days: readonly string[]): AbsenceFigures {
  const schoolDays = days.filter((day) => day <= filedOn).length;
  if (category === 'never_attended') return { schoolDays, absentDays: schoolDays, since: CHOICES.calendar.firstDay };
  const minimum = Math.ceil(schoolDays * 0.26);
  const sinceIndex = random.int(0, schoolDays - minimum);
  const possible = schoolDays - sinceIndex;
  return { schoolDays, absentDays: random.int(minimum, possible), since: days[sinceIndex] as string };
}

/** Weekdays of the school calendar without its breaks and holidays, as YYYY-MM-DD. */
export function schoolDays(): string[] {
  const { firstDay, lastDay, closed } = CHOICES.calendar;
  const days: string[] = [];
  for (let day = new Date(`${firstDay}T00:00:00Z`); day <= new Date(`${lastDay}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    if (closed.some(([from, to]) => iso >= from && iso <= to)) continue;
    days.push(iso);
  }
  return days;
}

const MONTHS = 'ABCDEHLMPRST';

function letters(name: string): string {
  const upper = name.toUpperCase().replace(/[^A-Z]/g, '');
  return `${upper.replace(/[AEIOU]/g, '')}${upper.replace(/[^AEIOU]/g, '')}XXX`;
}

/**
 * A codice fiscale of the right shape and check character, computed from invented data (the
 * official rules for the name parts simplified): valid-looking, nobody's.
 */
export function syntheticTaxCode(firstName: string, lastName: string, birthDate: string, female: boolean, place: string): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const body = `${letters(lastName).slice(0, 3)}${letters(firstName).slice(0, 3)}${pad(year % 100)}${MONTHS[month - 1]}${pad(day + (female ? 40 : 0))}${place}`;
  return `${body}${taxCodeCheckCharacter(body)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
