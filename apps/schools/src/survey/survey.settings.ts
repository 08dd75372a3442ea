/** How the survey runs: when reminders go out, how often the job looks, and the aggregates' protection. */
export interface SurveySettings {
  /** Days before the deadline at which an institution that has not completed is reminded. */
  reminderDaysBefore: number[];
  /** How often the reminder job looks; 0 disables it. */
  reminderPollIntervalMs: number;
  /** Cells counting fewer students than this are suppressed (primary suppression). */
  suppressionThreshold: number;
  /**
   * The fewest institutions a published figure may sum, and the fewest that must have answered
   * or corrected since the last release before a new one is published: the UST sees who answered,
   * so a release that differs from the last by one school's answer would be that school's figures.
   */
  minInstitutions: number;
}

export const SURVEY_SETTINGS = Symbol('SURVEY_SETTINGS');

const DEFAULTS = { SURVEY_REMINDER_DAYS: '7,1', SURVEY_REMINDER_POLL_INTERVAL_MS: '60000', SURVEY_SUPPRESSION_THRESHOLD: '5', SURVEY_MIN_INSTITUTIONS: '3' };

/** Reads and checks the survey's settings; each wrong one is pushed onto `problems`. */
export function readSurveySettings(env: NodeJS.ProcessEnv, problems: string[]): SurveySettings {
  const value = (name: keyof typeof DEFAULTS) => (env[name] === undefined || env[name] === '' ? DEFAULTS[name] : (env[name] as string)).trim();
  const integer = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const text = value(name);
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${text}")`);
      return Number(DEFAULTS[name].split(',')[0]);
    }
    return n;
  };
  const days = value('SURVEY_REMINDER_DAYS')
    .split(',')
    .map((part) => part.trim());
  const reminderDaysBefore = days.map(Number);
  if (days.some((d) => !/^\d+$/.test(d)) || reminderDaysBefore.some((d) => d < 1 || d > 90) || new Set(reminderDaysBefore).size !== days.length) {
    problems.push(`SURVEY_REMINDER_DAYS must list distinct whole days from 1 to 90, comma-separated, like 7,1 (got "${value('SURVEY_REMINDER_DAYS')}")`);
  }
  return {
    reminderDaysBefore: [...new Set(reminderDaysBefore.filter((d) => Number.isInteger(d) && d >= 1 && d <= 90))].sort((a, b) => b - a),
    reminderPollIntervalMs: integer('SURVEY_REMINDER_POLL_INTERVAL_MS', 0, 86_400_000),
    suppressionThreshold: integer('SURVEY_SUPPRESSION_THRESHOLD', 1, 1000),
    minInstitutions: integer('SURVEY_MIN_INSTITUTIONS', 1, 100),
  };
}
