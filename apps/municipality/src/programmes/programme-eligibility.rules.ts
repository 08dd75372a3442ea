import { DomainRuleError, type SchoolLevel } from '@casenet/contracts';
import type { WayIn } from '../cases/ways-in.js';
import type { Programme, ProgrammeCatalogue } from './catalogue.loader.js';
import type { CitizenshipCategory } from './citizenship.js';

/** What the unit knows of the child on the day it takes them in charge. */
export interface EligibilityFacts {
  /** YYYY-MM-DD, from the sealed identity. */
  birthDate: string;
  /** The day of taking in charge (the service's Clock), YYYY-MM-DD. */
  today: string;
  citizenship: CitizenshipCategory | undefined;
  schoolLevel: SchoolLevel;
  wayIn: WayIn;
}

/** Completed years on `today` (both YYYY-MM-DD): the birthday counts from its own day. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The first rule of the programme the child does not meet, as a sentence; null when eligible. */
export function unmetRule(programme: Programme, facts: EligibilityFacts): string | null {
  const rules = programme.eligibility;
  if (rules.open) {
    const { from, until } = rules.open;
    if (facts.today < from || (until !== undefined && facts.today > until)) {
      return `availability: it takes children from ${from}${until ? ` to ${until}` : ''}, not on ${facts.today}`;
    }
  }
  if (rules.waysIn && !rules.waysIn.includes(facts.wayIn)) {
    return `way in: it takes children reported by ${rules.waysIn.join(' or ')}, this case came by ${facts.wayIn}`;
  }
  if (rules.age) {
    const age = ageOn(facts.birthDate, facts.today);
    if (age < rules.age.min || age > rules.age.max) return `age: it takes children aged ${rules.age.min}–${rules.age.max}, this child is ${age}`;
  }
  if (rules.citizenship) {
    if (facts.citizenship === undefined)
      return `citizenship: it takes children of citizenship ${rules.citizenship.join(' or ')}; state the child's citizenship`;
    if (!rules.citizenship.includes(facts.citizenship)) {
      return `citizenship: it takes children of citizenship ${rules.citizenship.join(' or ')}, this child is ${facts.citizenship}`;
    }
  }
  if (rules.schoolLevels && !rules.schoolLevels.includes(facts.schoolLevel)) {
    return `school level: it takes pupils of ${rules.schoolLevels.join(' or ')}, this child's school is ${facts.schoolLevel}`;
  }
  return null;
}

/** The programmes named, from the catalogue, each checked for this child: 422 naming the programme and the rule when one is not met. */
export function checkProgrammes(catalogue: ProgrammeCatalogue, ids: readonly string[], facts: EligibilityFacts): Programme[] {
  return ids.map((id) => {
    const programme = catalogue.programmes.find((p) => p.id === id);
    if (!programme) {
      throw new DomainRuleError('programme-unknown', `no programme ${id} in the catalogue (${catalogue.programmes.map((p) => p.id).join(', ')})`);
    }
    const unmet = unmetRule(programme, facts);
    if (unmet) throw new DomainRuleError('programme-ineligible', `${programme.name} (${programme.id}) is not open to this child: ${unmet}`);
    return programme;
  });
}
