import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { assertCanRequestInvestigation, assertNoOpenInvestigation, nextInvestigationState } from './investigation.rules.js';

describe('the psychosocial investigation loop, at the court', () => {
  it('is requested only on a registered proceeding, one at a time', () => {
    expect(() => assertCanRequestInvestigation('accepted', 0)).not.toThrow();
    expect(() => assertCanRequestInvestigation('in_progress', 0)).not.toThrow();
    expect(() => assertCanRequestInvestigation('requested', 0)).toThrow(/registered proceeding/);
    expect(() => assertCanRequestInvestigation('completed', 0)).toThrow(DomainRuleError);
    expect(() => assertCanRequestInvestigation('in_progress', 1)).toThrow(/already waits/);
  });

  it('is taken on, then reported on; or reported on at once; never declined', () => {
    expect(nextInvestigationState('requested', 'accepted')).toBe('accepted');
    expect(nextInvestigationState('accepted', 'completed')).toBe('completed');
    expect(nextInvestigationState('requested', 'completed')).toBe('completed');
    expect(() => nextInvestigationState('completed', 'completed')).toThrow(/closed/);
    expect(() => nextInvestigationState('accepted', 'accepted')).toThrow(DomainRuleError);
  });

  it('is withdrawn while open, and holds the order back until its report', () => {
    expect(nextInvestigationState('accepted', 'withdrawn')).toBe('withdrawn');
    expect(() => assertNoOpenInvestigation(1)).toThrow(/before the order/);
    expect(() => assertNoOpenInvestigation(0)).not.toThrow();
  });
});
