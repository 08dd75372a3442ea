import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { nextInvestigationState } from './investigation.rules.js';

describe('the psychosocial investigation loop, at social services', () => {
  it('is taken on, then completed with the report; or completed at once', () => {
    expect(nextInvestigationState('requested', 'accepted')).toBe('accepted');
    expect(nextInvestigationState('accepted', 'completed')).toBe('completed');
    expect(nextInvestigationState('requested', 'completed')).toBe('completed');
  });

  it('cannot be taken on twice, or reported on once closed', () => {
    expect(() => nextInvestigationState('accepted', 'accepted')).toThrow(DomainRuleError);
    expect(() => nextInvestigationState('completed', 'completed')).toThrow(/closed/);
    expect(() => nextInvestigationState('withdrawn', 'accepted')).toThrow(/closed/);
  });

  it('is withdrawn with the referral while open', () => {
    expect(nextInvestigationState('requested', 'withdrawn')).toBe('withdrawn');
    expect(() => nextInvestigationState('completed', 'withdrawn')).toThrow(DomainRuleError);
  });
});
