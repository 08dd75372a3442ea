import { DomainRuleError, type CourtGrounds, type HealthConcern, type MandateUpdate, type ReferralState, type ReferralUpdate, type ReportConcern, type VerificationOutcome } from '@casenet/contracts';
import type { CaseState } from '../cases/case-lifecycle.rules.js';

/**
 * The referral web of a case, as the municipality coordinates it. Each referral is a closed loop:
 * requested → accepted | declined(reason) → in_progress → completed(outcome) | withdrawn.
 * Police verification is the one loop without an acceptance step: the protocol obliges police to
 * verify, so its outcome arrives straight on the requested referral.
 */
export const REFERRAL_AGENCIES = ['police', 'health', 'court'] as const;
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

export const ACTIVE_REFERRAL_STATES: readonly ReferralState[] = ['requested', 'accepted', 'in_progress'];

export class ReferralRuleError extends DomainRuleError {}

const NEXT: Record<ReferralState, readonly ReferralState[]> = {
  requested: ['accepted', 'declined', 'withdrawn'],
  accepted: ['in_progress', 'completed', 'withdrawn'],
  in_progress: ['completed', 'withdrawn'],
  declined: [],
  completed: [],
  withdrawn: [],
};

/** Checks a transition reported by the receiving agency (or a withdrawal by the coordinator). */
export function nextReferralState(agency: ReferralAgency, from: ReferralState, to: ReferralUpdate | 'withdrawn'): ReferralState {
  const allowed = agency === 'police' && from === 'requested' ? [...NEXT.requested, 'completed'] : NEXT[from];
  if (!allowed.includes(to)) {
    throw new ReferralRuleError(`a ${agency} referral in state ${from} cannot become ${to} (allowed: ${allowed.join(', ') || 'none, it is closed'})`);
  }
  return to;
}

export interface WebFacts {
  caseState: CaseState;
  concerns: ReadonlySet<ReportConcern>;
  drugSignals: number;
  verificationOutcome: VerificationOutcome | null;
  active: readonly { agency: ReferralAgency }[];
}

export type NewReferral = { agency: 'health'; concern: HealthConcern } | { agency: 'court'; grounds: CourtGrounds };

/** Whether the coordinator may raise this referral on the case now; the reason when not. */
export function checkNewReferral(facts: WebFacts, referral: NewReferral): void {
  if (facts.caseState === 'closed') throw new ReferralRuleError('the case is closed: open a new one to refer the child');
  if (facts.active.some((r) => r.agency === referral.agency)) {
    throw new ReferralRuleError(`the case already has an active ${referral.agency} referral: wait for its answer or withdraw it`);
  }
  if (referral.agency === 'health') {
    const grounded = facts.concerns.has(referral.concern) || (referral.concern === 'substance_use' && facts.drugSignals > 0);
    if (!grounded) {
      throw new ReferralRuleError(`no report or police signal on this case raises ${referral.concern}: a health referral needs one`);
    }
    return;
  }
  if (referral.grounds === 'harm_to_child' && !facts.concerns.has('harm_to_child')) {
    throw new ReferralRuleError('no report on this case signals harm to the child');
  }
  if (referral.grounds === 'persistent_evasion') {
    const verified = facts.verificationOutcome === 'confirmed_absent' && (facts.caseState === 'verified' || facts.caseState === 'taken_in_charge');
    if (!verified) throw new ReferralRuleError('persistent evasion needs a police verification that confirmed the absence');
  }
}

/** A court mandate's loop at the municipality: acknowledge it, then report on the care. */
export const MANDATE_STATES = ['not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused'] as const;
export type MandateState = (typeof MANDATE_STATES)[number];
export const ACTIVE_MANDATE_STATES: readonly MandateState[] = ['awaiting_acknowledgement', 'acknowledged', 'care_started'];

const MANDATE_NEXT: Record<MandateState, readonly MandateUpdate[]> = {
  not_applicable: [],
  awaiting_acknowledgement: ['acknowledged'],
  acknowledged: ['care_started', 'care_refused'],
  care_started: ['care_completed', 'care_refused'],
  care_completed: [],
  care_refused: [],
};

export function nextMandateState(from: MandateState, to: MandateUpdate): MandateState {
  const allowed = MANDATE_NEXT[from];
  if (!allowed.includes(to)) {
    throw new ReferralRuleError(`a mandate in state ${from} cannot become ${to} (allowed: ${allowed.join(', ') || 'none'})`);
  }
  return to;
}
