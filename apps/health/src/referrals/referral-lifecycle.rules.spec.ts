import { describe, expect, it } from '@jest/globals';
import { DomainRuleError, isClosedReferralState, REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import { assertAssignable, decide, type ReferralCommand } from './referral-lifecycle.rules.js';

const everyCommand: ReferralCommand[] = [
  { kind: 'accept' },
  { kind: 'decline', reason: 'already_in_care' },
  { kind: 'start' },
  { kind: 'complete', outcome: 'care_plan_completed' },
];

function allowedIn(state: ReferralState): string[] {
  return everyCommand
    .filter((command) => {
      try {
        decide(state, command);
        return true;
      } catch (error) {
        if (!(error instanceof DomainRuleError)) throw error;
        return false;
      }
    })
    .map((command) => command.kind);
}

describe('referral lifecycle', () => {
  it('walks requested → accepted → in_progress → completed', () => {
    expect(decide('requested', { kind: 'accept' })).toBe('accepted');
    expect(decide('accepted', { kind: 'start' })).toBe('in_progress');
    expect(decide('in_progress', { kind: 'complete', outcome: 'no_need_found' })).toBe('completed');
  });

  it('lets an accepted referral complete without a separate start', () => {
    expect(decide('accepted', { kind: 'complete', outcome: 'referred_to_specialist_service' })).toBe('completed');
  });

  it('declines only what has not been accepted yet', () => {
    expect(decide('requested', { kind: 'decline', reason: 'not_competent' })).toBe('declined');
    expect(() => decide('accepted', { kind: 'decline', reason: 'not_competent' })).toThrow(
      'cannot decline a referral in state accepted (allowed from: requested)',
    );
  });

  it('allows each command from exactly its states', () => {
    expect(Object.fromEntries(REFERRAL_STATES.map((state) => [state, allowedIn(state)]))).toEqual({
      requested: ['accept', 'decline'],
      accepted: ['start', 'complete'],
      in_progress: ['complete'],
      declined: [],
      completed: [],
      withdrawn: [],
    });
  });

  it('treats declined, completed and withdrawn as final, and refuses to reassign them', () => {
    expect(REFERRAL_STATES.filter(isClosedReferralState)).toEqual(['declined', 'completed', 'withdrawn']);
    expect(() => assertAssignable('withdrawn')).toThrow(DomainRuleError);
    expect(() => assertAssignable('in_progress')).not.toThrow();
  });
});
