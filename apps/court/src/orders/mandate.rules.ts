import { type CourtOutcome, DomainRuleError, type MandateUpdate } from '@casenet/contracts';

/**
 * What the court waits for after an order. A dismissal orders nothing; a level II mandate is
 * acknowledged by social services, who then report on the care: started, then completed or refused.
 */
export const MANDATE_STATES = ['not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused'] as const;
export type MandateState = (typeof MANDATE_STATES)[number];

const STEP: Record<MandateState, number> = {
  not_applicable: -1,
  awaiting_acknowledgement: 0,
  acknowledged: 1,
  care_started: 2,
  care_completed: 3,
  care_refused: 3,
};

export class MandateRuleError extends DomainRuleError {}

export function initialMandateState(order: CourtOutcome): MandateState {
  return order === 'mandate_level_ii' ? 'awaiting_acknowledgement' : 'not_applicable';
}

/**
 * The state after an update from the municipality. A stale update (an acknowledgement after
 * care started, or a second final report) never moves the mandate back: the court's record keeps
 * the furthest point social services reported, and the history keeps every report.
 */
export function applyMandateUpdate(current: MandateState, update: MandateUpdate): { next: MandateState; advanced: boolean } {
  if (current === 'not_applicable') throw new MandateRuleError('a dismissal orders nothing to acknowledge or report on');
  return STEP[update] > STEP[current] ? { next: update, advanced: true } : { next: current, advanced: false };
}
