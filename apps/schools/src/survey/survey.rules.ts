import type { SchoolTrack } from '@casenet/contracts';

/** Where an addressed institution is: the city of Milan or the rest of the metropolitan area. */
export const SURVEY_AREAS = ['milano', 'citta_metropolitana'] as const;
export type SurveyArea = (typeof SURVEY_AREAS)[number];

/**
 * The figures part 2 asks per track. `withdrawn`, `transferredOut`, `irregularAttendance` and
 * `neverAttended` are mutually exclusive classes of the track's enrolled students (each student is
 * counted once, in the first that applies): that makes their sum at most `enrolled`, and lets the
 * aggregates treat the remainder (regular attendance) as one more class.
 */
export const TRACK_FIGURES = ['enrolled', 'withdrawn', 'transferredOut', 'irregularAttendance', 'neverAttended'] as const;
export type TrackFigure = (typeof TRACK_FIGURES)[number];
export const OUTCOME_FIGURES = ['withdrawn', 'transferredOut', 'irregularAttendance', 'neverAttended'] as const;
export type TrackFigures = Record<TrackFigure, number>;

/**
 * The seed's rule: a private institution with several codici meccanografici answers under the
 * first in alphabetical order. A state school holds one code, so its code is the answer code.
 */
export function answerCodeOf(codes: readonly string[]): string {
  const sorted = [...codes].sort();
  const first = sorted[0];
  if (first === undefined) throw new Error('an institution holds at least one code');
  return first;
}

/**
 * "Entro il 20 dicembre 2023": answers are on time until the end of that day in Italy. The instant
 * is the start of the next day in Europe/Rome (CET or CEST, whichever holds then).
 */
export function endOfItalianDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const nextMidnightUtc = Date.UTC(y, m - 1, d + 1);
  return new Date(nextMidnightUtc - romeOffsetMs(new Date(nextMidnightUtc)));
}

/** Europe/Rome's offset from UTC at an instant (+1 h in winter, +2 h in summer). */
function romeOffsetMs(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/** 1 September of the school year's first calendar year: no campaign can ask before the year starts. */
export function schoolYearStart(schoolYear: string): string {
  return `${schoolYear.slice(0, 4)}-09-01`;
}

/** Per-figure problems of one track's answer, beyond each being an integer ≥ 0 (the DTO checks that). */
export function trackFigureProblems(
  figures: TrackFigures,
  studentsEnrolledOverall: number,
  enrolledInOtherTracks: number,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const figure of OUTCOME_FIGURES) {
    if (figures[figure] > figures.enrolled)
      problems.push({ path: figure, message: `${figure} (${figures[figure]}) cannot exceed enrolled (${figures.enrolled})` });
  }
  const outcomes = OUTCOME_FIGURES.reduce((sum, figure) => sum + figures[figure], 0);
  if (problems.length === 0 && outcomes > figures.enrolled) {
    problems.push({
      path: 'enrolled',
      message: `each student counts in one class only: withdrawn + transferredOut + irregularAttendance + neverAttended (${outcomes}) cannot exceed enrolled (${figures.enrolled})`,
    });
  }
  if (figures.enrolled + enrolledInOtherTracks > studentsEnrolledOverall) {
    problems.push({
      path: 'enrolled',
      message: `the tracks' enrolled students (${figures.enrolled} here, ${enrolledInOtherTracks} in the other tracks) cannot exceed the institution's students enrolled overall in part 1 (${studentsEnrolledOverall})`,
    });
  }
  return problems;
}

export type CompletionStatus = 'missing' | 'partial' | 'answered' | 'late';

export interface AnswerTimes {
  general: { firstAnsweredAt: Date; tracks: readonly SchoolTrack[] } | null;
  tracks: ReadonlyMap<SchoolTrack, Date>;
}

/**
 * Complete once part 1 and every track part 1 declares are answered; `completedAt` is when the last
 * of them first arrived. Late when that was after the deadline. Before completion, `partial` once
 * part 1 or any track is in.
 */
export function completionOf(answers: AnswerTimes, deadlineAt: Date): { status: CompletionStatus; completedAt: Date | null; missingTracks: SchoolTrack[] } {
  const general = answers.general;
  if (!general) return { status: answers.tracks.size > 0 ? 'partial' : 'missing', completedAt: null, missingTracks: [] };
  const missingTracks = general.tracks.filter((track) => !answers.tracks.has(track));
  if (missingTracks.length > 0) return { status: 'partial', completedAt: null, missingTracks };
  const times = [general.firstAnsweredAt, ...general.tracks.map((track) => answers.tracks.get(track) as Date)];
  const completedAt = new Date(Math.max(...times.map((t) => t.getTime())));
  return { status: completedAt >= deadlineAt ? 'late' : 'answered', completedAt, missingTracks: [] };
}

/**
 * Which reminder is due at `now`: the smallest configured number of days before the deadline whose
 * moment has come, or none once the deadline has passed (after it, the institution is late, and the
 * UST sees it so).
 */
export function reminderDue(now: Date, deadlineAt: Date, daysBefore: readonly number[]): number | null {
  if (now >= deadlineAt) return null;
  const due = daysBefore.filter((days) => now.getTime() >= deadlineAt.getTime() - days * 86_400_000);
  return due.length === 0 ? null : Math.min(...due);
}
