import { describe, expect, it } from '@jest/globals';
import { isValidTaxCode, SCHOOL_CODE_PATTERN, TRACKS_BY_LEVEL } from '@casenet/contracts';
import { CHOICES, SEED } from './year-2022-23.data.js';
import { generateYear, schoolDays } from './year.generator.js';

const count = <T>(items: readonly T[], keep: (item: T) => boolean) => items.filter(keep).length;

describe('the generated 2022/23 year', () => {
  const year = generateYear(2023);

  it('has the seed’s reports, forwarded by level and Italian share, and the chosen closures', () => {
    expect(year).toHaveLength(SEED.reported.value);
    const forwarded = year.filter((r) => r.fate === 'forward_police');
    expect(forwarded).toHaveLength(SEED.forwardedPolice.value);
    expect(count(forwarded, (r) => r.body.school.level === 'primaria')).toBe(120);
    expect(count(forwarded, (r) => r.body.school.level === 'secondaria_i')).toBe(154);
    expect(count(forwarded, (r) => r.body.school.level === 'secondaria_ii')).toBe(62);
    expect(count(forwarded, (r) => r.body.citizenship === 'italian')).toBe(235);
    for (const reason of ['immediate_return', 'clerical_error', 'non_resident'] as const) {
      const closed = year.filter((r) => r.fate === reason);
      expect(closed).toHaveLength(CHOICES.closures[reason]);
      for (const [level, n] of Object.entries(CHOICES.closedByLevel[reason])) expect(count(closed, (r) => r.body.school.level === level)).toBe(n);
      for (const [citizenship, n] of Object.entries(CHOICES.closedByCitizenship[reason]))
        expect(count(closed, (r) => r.body.citizenship === citizenship)).toBe(n);
    }
  });

  it('is the same year for the same seed and another for another seed', () => {
    expect(generateYear(2023)).toEqual(year);
    expect(generateYear(7).map((r) => r.body.pupil.taxCode)).not.toEqual(year.map((r) => r.body.pupil.taxCode));
  });

  it('gives every pupil a distinct, well-formed tax code, so no two reports are one child', () => {
    const codes = year.map((r) => r.body.pupil.taxCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isValidTaxCode(code)).toBe(true);
  });

  it('places only the non-residents outside Milan; the others in municipi 1–9', () => {
    for (const report of year) {
      const { residence } = report.body;
      if (report.fate === 'non_resident') {
        expect(residence.city).not.toBe('Milano');
        expect(residence.municipio).toBeUndefined();
      } else {
        expect(residence.city).toBe('Milano');
        expect(residence.municipio).toBeGreaterThanOrEqual(1);
        expect(residence.municipio).toBeLessThanOrEqual(9);
      }
    }
    expect(new Set(year.filter((r) => r.body.residence.municipio).map((r) => r.body.residence.municipio)).size).toBe(9);
  });

  it('files across the school year, in date order, from several schools per level with their tracks', () => {
    const days = schoolDays();
    const dates = year.map((r) => r.filedOn);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]! < '2022-11-01').toBe(true);
    expect(dates.at(-1)! > '2023-05-01').toBe(true);
    for (const report of year) {
      const { school, track, absence, category, schoolYear } = report.body;
      expect(days).toContain(report.filedOn);
      expect(schoolYear).toBe('2022/23');
      expect(school.code).toMatch(SCHOOL_CODE_PATTERN);
      if (school.level === 'secondaria_ii') expect(TRACKS_BY_LEVEL.secondaria_ii).toContain(track);
      else expect(track).toBeUndefined();
      expect(absence.schoolDays).toBe(count(days, (day) => day <= report.filedOn));
      expect(absence.absentDays / absence.schoolDays).toBeGreaterThan(0.25);
      expect(absence.absentDays).toBeLessThanOrEqual(absence.schoolDays);
      expect(days).toContain(absence.since);
      if (category === 'never_attended') expect(absence.absentDays).toBe(absence.schoolDays);
    }
    for (const level of ['primaria', 'secondaria_i', 'secondaria_ii'] as const) {
      expect(new Set(year.filter((r) => r.body.school.level === level).map((r) => r.body.school.code)).size).toBeGreaterThanOrEqual(4);
    }
  });
});
