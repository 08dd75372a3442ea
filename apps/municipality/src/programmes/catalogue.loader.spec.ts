import { describe, expect, it } from '@jest/globals';
import { CatalogueError, loadProgrammeCatalogue, parseProgrammeCatalogue } from './catalogue.loader.js';

const problemsOf = (text: string): string[] => {
  try {
    parseProgrammeCatalogue(text);
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  return [];
};

describe('programme catalogue loader', () => {
  it('loads the shipped catalogue: the five programmes with their rules', () => {
    const catalogue = loadProgrammeCatalogue();
    expect(catalogue.programmes.map((p) => p.id)).toEqual(['tutoring_educativo', 'poli_start', 'orientamento', 'wemi_scuola', 'second_chance']);
    const byId = new Map(catalogue.programmes.map((p) => [p.id, p]));
    expect(byId.get('poli_start')).toMatchObject({ desks: 4, eligibility: { age: { min: 6, max: 14 }, citizenship: ['non_italian', 'newly_arrived'] } });
    expect(byId.get('wemi_scuola')?.eligibility).toEqual({ schoolLevels: ['secondaria_ii', 'cfp'], open: { from: '2026-01-01', until: '2028-10-31' } });
    expect(byId.get('tutoring_educativo')?.eligibility).toEqual({ waysIn: ['school_report', 'local_services'] });
  });

  it('rejects a catalogue that is not YAML, or not a mapping, or has no programmes', () => {
    expect(problemsOf('programmes: [unclosed')[0]).toMatch(/not YAML/);
    expect(problemsOf('- just\n- a list\n')[0]).toMatch(/must be a mapping/);
    expect(problemsOf('version: 1\nprogrammes: []\n')).toEqual(['programmes must be a non-empty list']);
  });

  it('names every problem of a malformed catalogue at once', () => {
    const problems = problemsOf(`
version: 2
programmes:
  - id: Poli Start
    name: ''
    description: x
    desks: -1
    colour: blue
    eligibility:
      age: { min: 14, max: 6 }
      citizenship: [martian]
      schoolLevels: [university]
      waysIn: [carrier_pigeon]
      open: { from: '2028-10-31', until: '2026-01-01' }
      mood: good
  - id: orientamento
    name: Orientamento
    description: y
  - id: orientamento
    name: Again
    description: z
  - 42
`);
    expect(problems).toEqual([
      'version must be 1, not 2',
      'programmes[0].colour is not a programme field',
      'programmes[0].id must be a snake_case identifier',
      'programmes[0].name must be a non-empty string',
      'programmes[0].desks must be a positive integer',
      'programmes[0].eligibility.mood is not an eligibility rule (age, citizenship, schoolLevels, waysIn, open)',
      'programmes[0].eligibility.age must be { min, max } whole years from 0 to 25, min ≤ max',
      'programmes[0].eligibility.citizenship must be a non-empty list of italian, non_italian, newly_arrived',
      'programmes[0].eligibility.schoolLevels must be a non-empty list of primaria, secondaria_i, secondaria_ii, cfp',
      'programmes[0].eligibility.waysIn must be a non-empty list of school_report, local_services, spontaneous_access',
      'programmes[0].eligibility.open must be { from, until? } dates (YYYY-MM-DD), until not before from',
      'programmes[2].id orientamento appears twice',
      'programmes[3] must be a mapping',
    ]);
  });

  it('rejects impossible dates and fractional ages', () => {
    const problems = problemsOf(`
version: 1
programmes:
  - id: a
    name: A
    description: a
    eligibility: { age: { min: 6.5, max: 14 }, open: { from: '2026-13-01' } }
`);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/age must be/);
    expect(problems.join('\n')).toMatch(/open must be/);
  });
});
