import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { checkNewReferral, nextMandateState, nextReferralState, type WebFacts } from './referral-web.rules.js';

const facts = (over: Partial<WebFacts> = {}): WebFacts => ({
  caseState: 'screening',
  concerns: new Set(),
  drugSignals: 0,
  verificationOutcome: null,
  active: [],
  ...over,
});

describe('referral loop', () => {
  it('walks requested → accepted → in_progress → completed', () => {
    expect(nextReferralState('health', 'requested', 'accepted')).toBe('accepted');
    expect(nextReferralState('health', 'accepted', 'in_progress')).toBe('in_progress');
    expect(nextReferralState('health', 'in_progress', 'completed')).toBe('completed');
  });

  it('lets police complete a requested verification directly, nobody else', () => {
    expect(nextReferralState('police', 'requested', 'completed')).toBe('completed');
    expect(() => nextReferralState('health', 'requested', 'completed')).toThrow(DomainRuleError);
  });

  it('refuses anything after a closed state', () => {
    for (const closed of ['declined', 'completed', 'withdrawn'] as const) {
      expect(() => nextReferralState('court', closed, 'accepted')).toThrow(/closed/);
      expect(() => nextReferralState('court', closed, 'withdrawn')).toThrow(DomainRuleError);
    }
    expect(() => nextReferralState('court', 'in_progress', 'declined')).toThrow(/in_progress cannot become declined/);
  });
});

describe('raising a referral', () => {
  it('needs a concern on the case for health, or a police drug signal for substance use', () => {
    expect(() => checkNewReferral(facts(), { agency: 'health', concern: 'bullying' })).toThrow(/no report or police signal/);
    expect(() => checkNewReferral(facts({ concerns: new Set(['bullying']) }), { agency: 'health', concern: 'bullying' })).not.toThrow();
    expect(() => checkNewReferral(facts({ drugSignals: 1 }), { agency: 'health', concern: 'substance_use' })).not.toThrow();
    expect(() => checkNewReferral(facts({ drugSignals: 1 }), { agency: 'health', concern: 'bullying' })).toThrow(DomainRuleError);
  });

  it('needs a confirmed absence for persistent evasion and a harm report for harm', () => {
    expect(() =>
      checkNewReferral(facts({ caseState: 'verified', verificationOutcome: 'confirmed_absent' }), { agency: 'court', grounds: 'persistent_evasion' }),
    ).not.toThrow();
    expect(() =>
      checkNewReferral(facts({ caseState: 'verified', verificationOutcome: 'moved_away' }), { agency: 'court', grounds: 'persistent_evasion' }),
    ).toThrow(/confirmed the absence/);
    expect(() => checkNewReferral(facts(), { agency: 'court', grounds: 'harm_to_child' })).toThrow(/harm/);
    expect(() => checkNewReferral(facts({ concerns: new Set(['harm_to_child']) }), { agency: 'court', grounds: 'harm_to_child' })).not.toThrow();
  });

  it('allows one active referral per agency and none on a closed case', () => {
    const withHarm = { concerns: new Set(['harm_to_child'] as const) };
    expect(() => checkNewReferral(facts({ ...withHarm, active: [{ agency: 'court' }] }), { agency: 'court', grounds: 'harm_to_child' })).toThrow(
      /already has an active court/,
    );
    expect(() => checkNewReferral(facts({ ...withHarm, caseState: 'closed' }), { agency: 'court', grounds: 'harm_to_child' })).toThrow(/closed/);
  });
});

describe('raising a referral from a report of another kind', () => {
  const social = (kind: 'bullying' | 'cyberbullying' | 'substance_use' | 'social_distress' | 'harm_to_child') =>
    facts({ caseState: 'social_assessment', kinds: new Set(['absence', kind]) });

  it('grounds a court referral for harm on a harm report', () => {
    expect(() => checkNewReferral(social('harm_to_child'), { agency: 'court', grounds: 'harm_to_child' })).not.toThrow();
    expect(() => checkNewReferral(social('bullying'), { agency: 'court', grounds: 'harm_to_child' })).toThrow(/harm to the child/);
  });

  it('grounds an ATS referral on a substance-use, bullying or distress report, each for its own concern', () => {
    expect(() => checkNewReferral(social('substance_use'), { agency: 'health', concern: 'substance_use' })).not.toThrow();
    expect(() => checkNewReferral(social('bullying'), { agency: 'health', concern: 'bullying' })).not.toThrow();
    expect(() => checkNewReferral(social('cyberbullying'), { agency: 'health', concern: 'cyberbullying' })).not.toThrow();
    expect(() => checkNewReferral(social('social_distress'), { agency: 'health', concern: 'social_distress' })).not.toThrow();
    expect(() => checkNewReferral(social('harm_to_child'), { agency: 'health', concern: 'substance_use' })).toThrow(/no report or police signal/);
  });

  it('never grounds persistent evasion on a report of another kind: that needs police to confirm an absence', () => {
    for (const kind of ['bullying', 'substance_use', 'social_distress', 'harm_to_child'] as const) {
      expect(() => checkNewReferral(social(kind), { agency: 'court', grounds: 'persistent_evasion' })).toThrow(/police verification/);
    }
  });

  it('an absence report alone grounds neither', () => {
    const absence = facts({ kinds: new Set(['absence']) });
    expect(() => checkNewReferral(absence, { agency: 'health', concern: 'social_distress' })).toThrow(DomainRuleError);
    expect(() => checkNewReferral(absence, { agency: 'court', grounds: 'harm_to_child' })).toThrow(DomainRuleError);
  });
});

describe('court mandate loop', () => {
  it('is acknowledged, then reported on', () => {
    expect(nextMandateState('awaiting_acknowledgement', 'acknowledged')).toBe('acknowledged');
    expect(nextMandateState('acknowledged', 'care_started')).toBe('care_started');
    expect(nextMandateState('care_started', 'care_completed')).toBe('care_completed');
    expect(() => nextMandateState('awaiting_acknowledgement', 'care_started')).toThrow(/allowed: acknowledged/);
    expect(() => nextMandateState('not_applicable', 'acknowledged')).toThrow(DomainRuleError);
  });
});
