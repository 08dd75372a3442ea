import { DomainRuleError, type InvestigationUpdate, nextReferralStates, type ReferralState } from '@casenet/contracts';

/**
 * The investigation loop at the municipality: the `ordered` shape of the referral-loop protocol.
 * Social services take it on and send the report, or send the report at once; a court's request
 * is not declined. It is withdrawn when the municipality withdraws the court referral it serves.
 */
export function nextInvestigationState(from: ReferralState, to: InvestigationUpdate | 'withdrawn'): ReferralState {
  const allowed = nextReferralStates(from, 'ordered');
  if (!allowed.includes(to)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `an investigation in state ${from} cannot become ${to} (allowed: ${allowed.join(', ') || 'none, it is closed'})`,
    );
  }
  return to;
}
