import { describe, expect, it } from '@jest/globals';
import { resolveDeadlineRules } from './deadline.rules.js';

describe('deadline rules', () => {
  const defaults = { 'health.acceptance': { due: '5d', remindBefore: '1d' }, 'court.acknowledgement': { due: '10d', remindBefore: '2d' } };

  it('applies overrides over the defaults', () => {
    const problems: string[] = [];
    const rules = resolveDeadlineRules(defaults, 'health.acceptance=48h/12h', problems);
    expect(problems).toEqual([]);
    expect(rules['health.acceptance']).toEqual({ dueMs: 48 * 3_600_000, remindBeforeMs: 12 * 3_600_000 });
    expect(rules['court.acknowledgement']).toEqual({ dueMs: 10 * 86_400_000, remindBeforeMs: 2 * 86_400_000 });
  });

  it('reports unknown kinds, bad shapes and reminders that come after the deadline', () => {
    const problems: string[] = [];
    resolveDeadlineRules(defaults, 'nope=1d/1h,health.acceptance=soon/1h,court.acknowledgement=1d/2d,garbage', problems);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/unknown deadline kind nope/);
    expect(problems.join('\n')).toMatch(/"soon" is not a positive duration/);
    expect(problems.join('\n')).toMatch(/remindBefore "2d" must be a duration shorter/);
    expect(problems.join('\n')).toMatch(/"garbage" must read kind=due\/remindBefore/);
  });
});
