import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { decideProsecution, PROSECUTOR_FILE_STATES, type ProsecutorCommand, prosecutorOverdueApplies, type ProsecutorFileState } from './prosecution.rules.js';

const everyCommand: ProsecutorCommand[] = [
  { kind: 'accept' },
  { kind: 'decline', reason: 'not_competent' },
  { kind: 'archive', reason: 'no_prejudice_found' },
  { kind: 'petition' },
  { kind: 'withdraw', reason: 'resolved' },
  { kind: 'court_decided', order: 'dismissal' },
];

const allowed = (state: ProsecutorFileState) =>
  everyCommand
    .filter((command) => {
      try {
        decideProsecution(state, command);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainRuleError);
        return false;
      }
    })
    .map((c) => c.kind);

describe("the prosecutor's desk", () => {
  it('accepts a referral for examination, then archives it: the municipality learns accepted, then archived', () => {
    expect(decideProsecution('requested', { kind: 'accept' })).toEqual({ to: 'accepted', update: 'accepted', closes: false });
    expect(decideProsecution('accepted', { kind: 'archive', reason: 'insufficient_evidence', note: 'Nessun elemento.' })).toEqual({
      to: 'completed',
      update: 'completed',
      outcome: 'archived',
      closes: true,
    });
  });

  it('petitions the court after examination: the referral is in progress, before the court', () => {
    expect(decideProsecution('accepted', { kind: 'petition' })).toEqual({ to: 'in_progress', update: 'in_progress', closes: false });
  });

  it('closes a petitioned file with the court’s order, telling the municipality nothing itself', () => {
    expect(decideProsecution('in_progress', { kind: 'court_decided', order: 'mandate_level_ii' })).toEqual({
      to: 'completed',
      outcome: 'mandate_level_ii',
      closes: true,
    });
  });

  it('never archives what it has not examined, nor what it already put before the court', () => {
    expect(() => decideProsecution('requested', { kind: 'archive', reason: 'no_prejudice_found' })).toThrow(/allowed from: accepted/);
    expect(() => decideProsecution('in_progress', { kind: 'archive', reason: 'no_prejudice_found' })).toThrow(DomainRuleError);
    expect(() => decideProsecution('requested', { kind: 'petition' })).toThrow(/allowed from: accepted/);
  });

  it('declines only a new referral; the municipality withdraws until a final state', () => {
    expect(decideProsecution('requested', { kind: 'decline', reason: 'not_competent' })).toEqual({ to: 'declined', update: 'declined', closes: true });
    expect(decideProsecution('in_progress', { kind: 'withdraw', reason: 'moved_away' })).toEqual({ to: 'withdrawn', closes: true });
  });

  it('allows each command from exactly its states', () => {
    expect(Object.fromEntries(PROSECUTOR_FILE_STATES.map((state) => [state, allowed(state)]))).toEqual({
      requested: ['accept', 'decline', 'withdraw'],
      accepted: ['archive', 'petition', 'withdraw'],
      in_progress: ['withdraw', 'court_decided'],
      declined: [],
      completed: [],
      withdrawn: [],
    });
  });

  it('flags an overdue notice only while the prosecutor has not answered', () => {
    expect(prosecutorOverdueApplies('requested', 'acceptance')).toBe(true);
    expect(prosecutorOverdueApplies('accepted', 'acceptance')).toBe(false);
    expect(prosecutorOverdueApplies('requested', 'completion')).toBe(false);
  });
});
