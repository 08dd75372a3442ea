import { DomainRuleError, type InvestigationUpdate, nextReferralStates, OPEN_REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import type { ProceedingState } from '../proceedings/proceeding-lifecycle.rules.js';

/**
 * The court's request for a psychosocial investigation is a loop of the referral-loop protocol
 * with the `ordered` shape (ADR 0021): social services take it on (accepted) and send the report
 * (completed), or send the report at once; they cannot decline what the court orders. The court
 * withdraws it when the proceeding ends without it.
 */
export type InvestigationState = ReferralState;

/** The court asks for an investigation on a registered proceeding, one at a time. */
export function assertCanRequestInvestigation(proceeding: ProceedingState, openInvestigations: number): void {
  if (proceeding !== 'accepted' && proceeding !== 'in_progress') {
    throw new DomainRuleError('transition-forbidden', `an investigation is requested on a registered proceeding, not one in state ${proceeding}`);
  }
  if (openInvestigations > 0) throw new DomainRuleError('already-exists', 'the proceeding already waits for an investigation');
}

/** The court decides on the report: no order while an investigation it asked for is still open. */
export function assertNoOpenInvestigation(openInvestigations: number): void {
  if (openInvestigations > 0) {
    throw new DomainRuleError('transition-forbidden', 'an investigation of social services is still open: wait for its report before the order');
  }
}

/** The state after social services' update; an update the loop does not allow is refused (a rejected event). */
export function nextInvestigationState(from: InvestigationState, update: InvestigationUpdate | 'withdrawn'): InvestigationState {
  const allowed = nextReferralStates(from, 'ordered');
  if (!allowed.includes(update)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `an investigation in state ${from} cannot become ${update} (allowed: ${allowed.join(', ') || 'none, it is closed'})`,
    );
  }
  return update;
}

export function isOpenInvestigation(state: InvestigationState): boolean {
  return OPEN_REFERRAL_STATES.includes(state);
}
