import { describe, expect, it } from '@jest/globals';
import { DomainRuleError, SCHOOL_LEVELS } from '@casenet/contracts';
import fc from 'fast-check';
import { loadProgrammeCatalogue } from './catalogue.loader.js';
import { ageOn, checkProgrammes, type EligibilityFacts } from './programme-eligibility.rules.js';
import { CITIZENSHIP_CATEGORIES, citizenshipOf } from './citizenship.js';
import { WAYS_IN } from '../cases/ways-in.js';

const catalogue = loadProgrammeCatalogue();
const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  birthDate: '2016-05-10',
  today: '2027-03-01',
  citizenship: 'non_italian',
  schoolLevel: 'secondaria_ii',
  wayIn: 'school_report',
  ...over,
});

/** The 422 a take-in-charge would answer, or null when every programme admits the child. */
function refusal(ids: string[], f: EligibilityFacts): DomainRuleError | null {
  try {
    checkProgrammes(catalogue, ids, f);
    return null;
  } catch (error) {
    if (error instanceof DomainRuleError) return error;
    throw error;
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addYears = (date: string, years: number) => `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
const dayBefore = (date: string) => iso(new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000));
/** Birth dates that exist in every year (no 29 February), so an anniversary is always that day. */
const birthDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map(iso)
  .filter((d) => !d.endsWith('-02-29'));
const day = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map(iso);

describe('programme eligibility', () => {
  it('counts completed years: the birthday is the first day of the new age', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 1, max: 30 }), (born, years) => {
        const birthday = addYears(born, years);
        expect(ageOn(born, birthday)).toBe(years);
        expect(ageOn(born, dayBefore(birthday))).toBe(years - 1);
      }),
    );
  });

  it('admits to Poli Start exactly the non-Italian children aged 6 to 14 (generated ages and citizenships at the boundaries)', () => {
    fc.assert(
      fc.property(
        birthDate,
        fc.integer({ min: 3, max: 18 }),
        fc.boolean(),
        fc.constantFrom(...CITIZENSHIP_CATEGORIES),
        fc.constantFrom(...SCHOOL_LEVELS),
        fc.constantFrom(...WAYS_IN),
        (born, years, dayBeforeBirthday, citizenship, schoolLevel, wayIn) => {
          const birthday = addYears(born, years);
          const today = dayBeforeBirthday ? dayBefore(birthday) : birthday;
          const age = dayBeforeBirthday ? years - 1 : years;
          const error = refusal(['poli_start'], { birthDate: born, today, citizenship, schoolLevel, wayIn });
          const eligible = age >= 6 && age <= 14 && citizenship !== 'italian';
          expect(error === null).toBe(eligible);
          if (error) {
            expect(error.code).toBe('programme-ineligible');
            expect(error.status).toBe(422);
            expect(error.message).toMatch(/^Poli Start \(poli_start\) is not open to this child: /);
            expect(error.message).toMatch(
              age < 6 || age > 14 ? /age: it takes children aged 6–14, this child is \d+/ : /citizenship: .* this child is italian/,
            );
          }
        },
      ),
    );
  });

  it('asks for the citizenship Poli Start needs when the case does not know it', () => {
    expect(refusal(['poli_start'], facts({ citizenship: undefined }))?.message).toMatch(/citizenship: .*state the child's citizenship/);
    expect(citizenshipOf({ stated: 'newly_arrived' })).toBe('newly_arrived');
    expect(citizenshipOf({ recorded: 'italian', stated: 'non_italian' })).toBe('italian');
  });

  it('opens WeMi Scuola from January 2026 to October 2028, to upper-secondary and CFP pupils only', () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...SCHOOL_LEVELS), (today, schoolLevel) => {
        const error = refusal(['wemi_scuola'], facts({ today, schoolLevel }));
        const open = today >= '2026-01-01' && today <= '2028-10-31';
        const level = schoolLevel === 'secondaria_ii' || schoolLevel === 'cfp';
        expect(error === null).toBe(open && level);
        if (!open) expect(error?.message).toMatch(/WeMi Scuola \(wemi_scuola\) .*availability: it takes children from 2026-01-01 to 2028-10-31/);
        else if (!level) expect(error?.message).toMatch(/school level: it takes pupils of secondaria_ii or cfp, this child's school is/);
      }),
    );
    for (const [today, ok] of [
      ['2025-12-31', false],
      ['2026-01-01', true],
      ['2028-10-31', true],
      ['2028-11-01', false],
    ] as const) {
      expect(refusal(['wemi_scuola'], facts({ today })) === null).toBe(ok);
    }
  });

  it('takes children into Tutoring Educativo reported by schools or local services, not by a family’s own access', () => {
    expect(refusal(['tutoring_educativo'], facts({ wayIn: 'school_report' }))).toBeNull();
    expect(refusal(['tutoring_educativo'], facts({ wayIn: 'local_services' }))).toBeNull();
    expect(refusal(['tutoring_educativo'], facts({ wayIn: 'spontaneous_access' }))?.message).toMatch(
      /Tutoring Educativo \(tutoring_educativo\) .*way in: it takes children reported by school_report or local_services, this case came by spontaneous_access/,
    );
  });

  it('guides lower-secondary pupils (Orientamento); second-chance schools state no rule', () => {
    expect(refusal(['orientamento'], facts({ schoolLevel: 'secondaria_i' }))).toBeNull();
    expect(refusal(['orientamento'], facts({ schoolLevel: 'primaria' }))?.message).toMatch(/Orientamento .*school level/);
    expect(refusal(['second_chance'], facts({ citizenship: undefined, wayIn: 'spontaneous_access', schoolLevel: 'primaria' }))).toBeNull();
  });

  it('checks every programme named and refuses on the first that does not admit the child; an unknown id is a 422 too', () => {
    const f = facts({ birthDate: '2010-01-01', schoolLevel: 'secondaria_ii' });
    expect(refusal(['tutoring_educativo', 'wemi_scuola'], f)).toBeNull();
    expect(refusal(['tutoring_educativo', 'poli_start', 'wemi_scuola'], f)?.message).toMatch(/Poli Start .*age/);
    const unknown = refusal(['opificio'], f);
    expect(unknown?.code).toBe('programme-unknown');
    expect(unknown?.status).toBe(422);
  });
});
