import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { applyMandateUpdate, initialMandateState } from './mandate.rules.js';

describe('mandate progress', () => {
  it('awaits acknowledgement of a mandate; a dismissal awaits nothing', () => {
    expect(initialMandateState('mandate_level_ii')).toBe('awaiting_acknowledgement');
    expect(initialMandateState('dismissal')).toBe('not_applicable');
  });

  it('moves forward with each report', () => {
    expect(applyMandateUpdate('awaiting_acknowledgement', 'acknowledged')).toEqual({ next: 'acknowledged', advanced: true });
    expect(applyMandateUpdate('acknowledged', 'care_started')).toEqual({ next: 'care_started', advanced: true });
    expect(applyMandateUpdate('care_started', 'care_refused')).toEqual({ next: 'care_refused', advanced: true });
  });

  it('takes a report on the care as acknowledgement when that never came', () => {
    expect(applyMandateUpdate('awaiting_acknowledgement', 'care_started')).toEqual({ next: 'care_started', advanced: true });
  });

  it('never moves back on a stale update', () => {
    expect(applyMandateUpdate('care_started', 'acknowledged')).toEqual({ next: 'care_started', advanced: false });
    expect(applyMandateUpdate('care_completed', 'care_refused')).toEqual({ next: 'care_completed', advanced: false });
  });

  it('has nothing to update on a dismissal', () => {
    expect(() => applyMandateUpdate('not_applicable', 'acknowledged')).toThrow(DomainRuleError);
  });
});
