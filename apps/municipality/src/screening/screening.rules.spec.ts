import { describe, expect, it } from '@jest/globals';
import { ABSENCE_THRESHOLD, assessReport, isMilanResidence } from './screening.rules.js';

const report = (city: string, schoolDays: number, absentDays: number, category: 'never_attended' | 'irregular_attendance' = 'irregular_attendance') => ({
  residence: { city },
  category,
  absence: { schoolDays, absentDays },
});

describe('screening rules', () => {
  it.each(['Milano', 'milano', '  MILANO ', 'Milan', 'Comune di  Milano'])('treats %p as residence in Milan', (city) => {
    expect(isMilanResidence({ city })).toBe(true);
  });

  it.each(['Sesto San Giovanni', 'Monza', 'Milano Marittima', 'Cinisello Balsamo'])('treats %p as outside Milan', (city) => {
    expect(isMilanResidence({ city })).toBe(false);
  });

  it('suggests forwarding a resident pupil to police', () => {
    const assessment = assessReport(report('Milano', 100, 40));
    expect(assessment).toEqual({ residentInMilan: true, absenceRate: 0.4, flags: ['above_absence_threshold'], suggestion: 'forward_to_police' });
  });

  it('suggests closing as non-resident when the pupil lives elsewhere', () => {
    const assessment = assessReport(report('Sesto San Giovanni', 100, 10));
    expect(assessment.suggestion).toBe('close_non_resident');
    expect(assessment.flags).toEqual(['outside_milan']);
  });

  it('flags absence above the 25% validity threshold but not at it', () => {
    expect(assessReport(report('Milano', 100, 100 * ABSENCE_THRESHOLD)).flags).not.toContain('above_absence_threshold');
    expect(assessReport(report('Milano', 100, 26)).flags).toContain('above_absence_threshold');
  });

  it('flags a never-attended pupil and figures that do not add up', () => {
    const assessment = assessReport(report('Milano', 30, 45, 'never_attended'));
    expect(assessment.flags).toEqual(['never_attended', 'above_absence_threshold', 'inconsistent_figures']);
    expect(assessment.absenceRate).toBe(1);
  });
});
