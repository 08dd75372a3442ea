import { describe, expect, it } from '@jest/globals';
import { answerCodeOf, completionOf, endOfItalianDay, reminderDue, trackFigureProblems } from './survey.rules.js';
import { readSurveySettings } from './survey.settings.js';

const DAY = 86_400_000;

describe('survey rules', () => {
  it('answers under the first code in alphabetical order (the seed’s rule)', () => {
    expect(answerCodeOf(['MIPS5Z500V', 'MIPC02500A', 'MITD0Q500B'])).toBe('MIPC02500A');
    expect(answerCodeOf(['MIIS00900T'])).toBe('MIIS00900T');
  });

  it('ends the deadline at midnight Italian time, CET in December and CEST in June', () => {
    expect(endOfItalianDay('2023-12-20').toISOString()).toBe('2023-12-20T23:00:00.000Z');
    expect(endOfItalianDay('2024-06-30').toISOString()).toBe('2024-06-30T22:00:00.000Z');
  });

  it('names each figure that exceeds enrolled, the classes’ sum, and the overall enrolment', () => {
    const ok = { enrolled: 100, withdrawn: 3, transferredOut: 4, irregularAttendance: 10, neverAttended: 1 };
    expect(trackFigureProblems(ok, 500, 300)).toEqual([]);
    expect(trackFigureProblems({ ...ok, withdrawn: 101 }, 500, 0).map((p) => p.path)).toEqual(['withdrawn']);
    expect(trackFigureProblems({ ...ok, withdrawn: 50, transferredOut: 50, irregularAttendance: 1 }, 500, 0)).toEqual([
      { path: 'enrolled', message: expect.stringContaining('(102) cannot exceed enrolled (100)') },
    ]);
    expect(trackFigureProblems(ok, 500, 401)).toEqual([{ path: 'enrolled', message: expect.stringContaining('students enrolled overall in part 1 (500)') }]);
  });

  it('is complete with part 1 and every declared track, late when the last arrived after the deadline', () => {
    const deadline = new Date('2023-12-20T23:00:00Z');
    const before = new Date('2023-12-01T10:00:00Z');
    const after = new Date('2023-12-21T10:00:00Z');
    expect(completionOf({ general: null, tracks: new Map() }, deadline).status).toBe('missing');
    const general = { firstAnsweredAt: before, tracks: ['liceale', 'tecnico'] as const };
    expect(completionOf({ general, tracks: new Map([['liceale', before]]) }, deadline)).toEqual({
      status: 'partial',
      completedAt: null,
      missingTracks: ['tecnico'],
    });
    expect(
      completionOf(
        {
          general,
          tracks: new Map([
            ['liceale', before],
            ['tecnico', before],
          ]),
        },
        deadline,
      ).status,
    ).toBe('answered');
    expect(
      completionOf(
        {
          general,
          tracks: new Map([
            ['liceale', before],
            ['tecnico', after],
          ]),
        },
        deadline,
      ),
    ).toEqual({ status: 'late', completedAt: after, missingTracks: [] });
  });

  it('reminds at the nearest configured day before the deadline, never after it', () => {
    const deadline = new Date('2023-12-20T23:00:00Z');
    const at = (daysBefore: number) => new Date(deadline.getTime() - daysBefore * DAY);
    expect(reminderDue(at(8), deadline, [7, 1])).toBeNull();
    expect(reminderDue(at(6.5), deadline, [7, 1])).toBe(7);
    expect(reminderDue(at(0.5), deadline, [7, 1])).toBe(1);
    expect(reminderDue(at(-0.1), deadline, [7, 1])).toBeNull();
  });

  it('reads its settings with defaults and lists every wrong one', () => {
    expect(readSurveySettings({}, [])).toEqual({ reminderDaysBefore: [7, 1], reminderPollIntervalMs: 60_000, suppressionThreshold: 5, minInstitutions: 3 });
    const problems: string[] = [];
    readSurveySettings({ SURVEY_REMINDER_DAYS: '7,x', SURVEY_SUPPRESSION_THRESHOLD: '0' }, problems);
    expect(problems).toEqual([expect.stringMatching(/^SURVEY_REMINDER_DAYS/), expect.stringMatching(/^SURVEY_SUPPRESSION_THRESHOLD/)]);
  });
});
