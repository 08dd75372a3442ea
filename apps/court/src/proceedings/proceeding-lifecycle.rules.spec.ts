import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { assertAssignable, decide, overdueApplies, type ProceedingCommand, type ProceedingState, PROCEEDING_STATES } from './proceeding-lifecycle.rules.js';

const everyCommand: ProceedingCommand[] = [
  { kind: 'register', docket: 'VG 1/2026' },
  { kind: 'open_hearing' },
  { kind: 'issue_order', order: 'dismissal' },
  { kind: 'withdraw', reason: 'resolved' },
];

const allowed = (state: ProceedingState) =>
  everyCommand
    .filter((command) => {
      try {
        decide(state, command);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainRuleError);
        return false;
      }
    })
    .map((c) => c.kind);

describe('proceeding lifecycle', () => {
  it('walks registration → hearing → order, telling the municipality each step', () => {
    expect(decide('requested', { kind: 'register', docket: 'VG 123/2026' })).toEqual({ to: 'accepted', update: 'accepted', closes: false });
    expect(decide('accepted', { kind: 'open_hearing' })).toEqual({ to: 'in_progress', update: 'in_progress', closes: false });
    expect(decide('in_progress', { kind: 'issue_order', order: 'mandate_level_ii' })).toEqual({ to: 'completed', update: 'completed', closes: true });
  });

  it('decides without a hearing when the file suffices', () => {
    expect(decide('accepted', { kind: 'issue_order', order: 'dismissal' }).to).toBe('completed');
  });

  it('on a petition, keeps registration and hearing inside the court: only the order goes back', () => {
    expect(decide('requested', { kind: 'register', docket: 'VG 123/2026' }, true)).toEqual({ to: 'accepted', closes: false });
    expect(decide('accepted', { kind: 'open_hearing' }, true)).toEqual({ to: 'in_progress', closes: false });
    expect(decide('in_progress', { kind: 'issue_order', order: 'dismissal' }, true)).toEqual({ to: 'completed', update: 'completed', closes: true });
    expect(() => decide('requested', { kind: 'issue_order', order: 'dismissal' }, true)).toThrow(/allowed from: accepted, in_progress/);
  });

  it('sends nothing back for a withdrawal: it came from the municipality', () => {
    expect(decide('in_progress', { kind: 'withdraw', reason: 'moved_away' })).toEqual({ to: 'withdrawn', closes: true });
  });

  it('allows each command from exactly its states', () => {
    expect(Object.fromEntries(PROCEEDING_STATES.map((state) => [state, allowed(state)]))).toEqual({
      requested: ['register', 'withdraw'],
      accepted: ['open_hearing', 'issue_order', 'withdraw'],
      in_progress: ['issue_order', 'withdraw'],
      declined: [],
      completed: [],
      withdrawn: [],
    });
  });

  it('reassigns only open proceedings', () => {
    expect(() => assertAssignable('in_progress')).not.toThrow();
    expect(() => assertAssignable('completed')).toThrow(DomainRuleError);
  });

  it('flags an overdue notice only while the missed deadline still concerns the proceeding', () => {
    expect(overdueApplies('requested', 'acceptance')).toBe(true);
    expect(overdueApplies('accepted', 'acceptance')).toBe(false); // the answer crossed the notice
    expect(overdueApplies('in_progress', 'completion')).toBe(true);
    expect(overdueApplies('completed', 'completion')).toBe(false);
    expect(overdueApplies('requested', 'acknowledgement')).toBe(false);
  });
});
