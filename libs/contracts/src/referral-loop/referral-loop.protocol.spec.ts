import { describe, expect, it } from '@jest/globals';
import { DEADLINE_KINDS, MANDATE_UPDATES, REFERRAL_STATES, REFERRAL_UPDATES } from '../events/referral-codes.js';
import {
  ACTIVE_MANDATE_STATES,
  courtReferralStage,
  CLOSED_REFERRAL_STATES,
  isClosedReferralState,
  LOOP_DEADLINES,
  loopDeadlineDurations,
  MANDATE_PROGRESS,
  MANDATE_STATES,
  MANDATE_TRANSITIONS,
  nextReferralStates,
  OPEN_REFERRAL_STATES,
  REFERRAL_TRANSITIONS,
  referralStatesBefore,
} from './referral-loop.protocol.js';

describe('the referral loop', () => {
  it('closes in declined, completed and withdrawn, and nothing leaves them', () => {
    expect(CLOSED_REFERRAL_STATES).toEqual(['declined', 'completed', 'withdrawn']);
    expect(OPEN_REFERRAL_STATES).toEqual(['requested', 'accepted', 'in_progress']);
    for (const state of REFERRAL_STATES) expect(isClosedReferralState(state)).toBe(nextReferralStates(state).length === 0);
  });

  it('can be withdrawn from every open state, and every update a recipient reports is reachable', () => {
    for (const state of OPEN_REFERRAL_STATES) expect(nextReferralStates(state)).toContain('withdrawn');
    for (const update of REFERRAL_UPDATES) expect(referralStatesBefore(update).length).toBeGreaterThan(0);
  });

  it('never moves back to requested', () => {
    for (const state of REFERRAL_STATES) expect(REFERRAL_TRANSITIONS[state]).not.toContain('requested');
  });

  it('lets an obliged recipient (police) complete a requested loop directly, and an asked one not', () => {
    expect(nextReferralStates('requested', 'obliged')).toEqual(['accepted', 'declined', 'withdrawn', 'completed']);
    expect(nextReferralStates('requested')).not.toContain('completed');
    expect(nextReferralStates('accepted', 'obliged')).toEqual(nextReferralStates('accepted'));
  });

  it('lets an ordered loop (the court’s investigation) be taken on or completed at once, never declined', () => {
    expect(nextReferralStates('requested', 'ordered')).toEqual(['accepted', 'withdrawn', 'completed']);
    expect(nextReferralStates('accepted', 'ordered')).toEqual(nextReferralStates('accepted'));
    expect(referralStatesBefore('declined', 'ordered')).toEqual([]);
  });

  it('names where a court referral stands between the prosecutor and the court from its state and outcome', () => {
    expect(courtReferralStage('requested', null)).toBe('with_prosecutor');
    expect(courtReferralStage('accepted', null)).toBe('under_examination');
    expect(courtReferralStage('completed', 'archived')).toBe('archived');
    expect(courtReferralStage('in_progress', null)).toBe('petitioned');
    expect(courtReferralStage('completed', 'mandate_level_ii')).toBe('order_issued');
    expect(courtReferralStage('declined', null)).toBe('declined');
  });

  it('names the preconditions of each target state in the protocol order', () => {
    expect(referralStatesBefore('accepted')).toEqual(['requested']);
    expect(referralStatesBefore('in_progress')).toEqual(['accepted']);
    expect(referralStatesBefore('completed')).toEqual(['accepted', 'in_progress']);
    expect(referralStatesBefore('withdrawn')).toEqual(OPEN_REFERRAL_STATES);
    expect(referralStatesBefore('completed', 'obliged')).toEqual(['requested', 'accepted', 'in_progress']);
  });
});

describe('the mandate loop', () => {
  it('is acknowledged, then reported on; a dismissal and a final report end it', () => {
    expect(MANDATE_TRANSITIONS.awaiting_acknowledgement).toEqual(['acknowledged']);
    expect(ACTIVE_MANDATE_STATES).toEqual(['awaiting_acknowledgement', 'acknowledged', 'care_started']);
    for (const update of MANDATE_UPDATES) expect(MANDATE_STATES).toContain(update);
  });

  it('only ever moves forward', () => {
    for (const from of MANDATE_STATES) {
      for (const to of MANDATE_TRANSITIONS[from]) expect(MANDATE_PROGRESS[to]).toBeGreaterThan(MANDATE_PROGRESS[from]);
    }
  });
});

describe('the loop deadlines', () => {
  it('each names what is owed, with a reminder before it is due', () => {
    for (const rule of Object.values(LOOP_DEADLINES)) expect(DEADLINE_KINDS).toContain(rule.deadline);
    expect(LOOP_DEADLINES['mandate.acknowledgement']).toMatchObject({ deadline: 'acknowledgement', due: '10d', remindBefore: '2d' });
    expect(LOOP_DEADLINES['investigation.report']).toMatchObject({ deadline: 'report', due: '60d', remindBefore: '10d' });
  });

  it('gives a service the durations of the timers it runs', () => {
    expect(loopDeadlineDurations('health.acceptance', 'mandate.acknowledgement')).toEqual({
      'health.acceptance': { due: '5d', remindBefore: '1d' },
      'mandate.acknowledgement': { due: '10d', remindBefore: '2d' },
    });
  });
});
