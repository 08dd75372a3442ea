import type { AbsenceFigures, Residence } from '@casenet/contracts';

/** Above this share of absences the school year is not valid (D.P.R. 122/2009, art. 14). */
export const ABSENCE_THRESHOLD = 0.25;

export const SCREENING_FLAGS = ['outside_milan', 'never_attended', 'above_absence_threshold', 'inconsistent_figures'] as const;
export type ScreeningFlag = (typeof SCREENING_FLAGS)[number];

export interface ScreeningInput {
  residence: Pick<Residence, 'city'>;
  category: 'never_attended' | 'irregular_attendance';
  absence: Pick<AbsenceFigures, 'schoolDays' | 'absentDays'>;
}

export interface ScreeningAssessment {
  residentInMilan: boolean;
  absenceRate: number;
  flags: ScreeningFlag[];
  /** What the caseworker is offered first; the decision stays theirs. */
  suggestion: 'forward_to_police' | 'close_non_resident';
}

const MILAN_NAMES = new Set(['milano', 'milan', 'comune di milano']);

export function isMilanResidence(residence: Pick<Residence, 'city'>): boolean {
  const city = residence.city
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return MILAN_NAMES.has(city);
}

export function assessReport(report: ScreeningInput): ScreeningAssessment {
  const residentInMilan = isMilanResidence(report.residence);
  const { schoolDays, absentDays } = report.absence;
  const absenceRate = schoolDays > 0 ? Math.min(absentDays / schoolDays, 1) : 0;
  const flags: ScreeningFlag[] = [];
  if (!residentInMilan) flags.push('outside_milan');
  if (report.category === 'never_attended') flags.push('never_attended');
  if (absenceRate > ABSENCE_THRESHOLD) flags.push('above_absence_threshold');
  if (absentDays > schoolDays) flags.push('inconsistent_figures');
  return {
    residentInMilan,
    absenceRate: Math.round(absenceRate * 1000) / 1000,
    flags,
    suggestion: residentInMilan ? 'forward_to_police' : 'close_non_resident',
  };
}
