import {
  type CourtGrounds,
  DomainRuleError,
  type HealthConcern,
  type MandateState,
  MANDATE_TRANSITIONS,
  type MandateUpdate,
  nextReferralStates,
  type ReferralState,
  type ReferralUpdate,
  type ReportConcern,
  type ReportKind,
  type VerificationOutcome,
} from '@casenet/contracts';
import type { CaseState } from '../cases/case-lifecycle.rules.js';

/**
 * The referral web of a case, as the municipality coordinates it: one referral loop
 * (`libs/contracts`' referral-loop protocol) per agency involved. Police verification is the one
 * loop without an acceptance step: the protocol obliges police to verify, so its outcome arrives
 * straight on the requested referral.
 */
export const REFERRAL_AGENCIES = ['police', 'health', 'court'] as const;
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

/** Checks a transition reported by the receiving agency (or a withdrawal by the coordinator). */
export function nextReferralState(agency: ReferralAgency, from: ReferralState, to: ReferralUpdate | 'withdrawn'): ReferralState {
  const allowed = nextReferralStates(from, agency === 'police' ? 'obliged' : 'asked');
  if (!allowed.includes(to)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `a ${agency} referral in state ${from} cannot become ${to} (allowed: ${allowed.join(', ') || 'none, it is closed'})`,
    );
  }
  return to;
}

export interface WebFacts {
  caseState: CaseState;
  /** Concerns flagged on the case's absence reports. */
  concerns: ReadonlySet<ReportConcern>;
  /** The kinds of the case's reports: a bullying, substance-use, distress or harm report grounds its own referral. */
  kinds?: ReadonlySet<ReportKind>;
  drugSignals: number;
  verificationOutcome: VerificationOutcome | null;
  active: readonly { agency: ReferralAgency }[];
}

export type NewReferral = { agency: 'health'; concern: HealthConcern } | { agency: 'court'; grounds: CourtGrounds };

/** Whether the coordinator may raise this referral on the case now; the reason when not. */
export function checkNewReferral(facts: WebFacts, referral: NewReferral): void {
  if (facts.caseState === 'closed') throw new DomainRuleError('transition-forbidden', 'the case is closed: open a new one to refer the child');
  if (facts.active.some((r) => r.agency === referral.agency)) {
    throw new DomainRuleError('already-exists', `the case already has an active ${referral.agency} referral: wait for its answer or withdraw it`);
  }
  if (referral.agency === 'health') {
    const grounded = raises(facts, referral.concern) || (referral.concern === 'substance_use' && facts.drugSignals > 0);
    if (!grounded) {
      throw new DomainRuleError('not-grounded', `no report or police signal on this case raises ${referral.concern}: a health referral needs one`);
    }
    return;
  }
  if (referral.grounds === 'harm_to_child' && !raises(facts, 'harm_to_child')) {
    throw new DomainRuleError('not-grounded', 'no report on this case signals harm to the child');
  }
  if (referral.grounds === 'persistent_evasion') {
    const verified = facts.verificationOutcome === 'confirmed_absent' && (facts.caseState === 'verified' || facts.caseState === 'taken_in_charge');
    if (!verified) throw new DomainRuleError('not-grounded', 'persistent evasion needs a police verification that confirmed the absence');
  }
}

/** A concern is raised by a report of that kind, or flagged on an absence report (the kinds and the concerns share their words). */
function raises(facts: WebFacts, concern: ReportConcern): boolean {
  return facts.concerns.has(concern) || (facts.kinds?.has(concern) ?? false);
}

/** A court mandate's loop at the municipality: acknowledge it, then report on the care, one step at a time. */
export function nextMandateState(from: MandateState, to: MandateUpdate): MandateState {
  const allowed = MANDATE_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new DomainRuleError('transition-forbidden', `a mandate in state ${from} cannot become ${to} (allowed: ${allowed.join(', ') || 'none'})`);
  }
  return to;
}
