import { type CourtOutcome, DomainRuleError, MANDATE_PROGRESS, type MandateState, type MandateUpdate } from '@casenet/contracts';

/**
 * What the court waits for after an order (`libs/contracts`' mandate loop): a dismissal orders
 * nothing; a level II mandate is acknowledged by social services, who then report on the care.
 */
export function initialMandateState(order: CourtOutcome): MandateState {
  return order === 'mandate_level_ii' ? 'awaiting_acknowledgement' : 'not_applicable';
}

/**
 * The state after an update from the municipality. A stale update (an acknowledgement after
 * care started, or a second final report) never moves the mandate back: the court's record keeps
 * the furthest point social services reported, and the history keeps every report.
 */
export function applyMandateUpdate(current: MandateState, update: MandateUpdate): { next: MandateState; advanced: boolean } {
  if (current === 'not_applicable') throw new DomainRuleError('transition-forbidden', 'a dismissal orders nothing to acknowledge or report on');
  return MANDATE_PROGRESS[update] > MANDATE_PROGRESS[current] ? { next: update, advanced: true } : { next: current, advanced: false };
}
