import { DomainRuleError, HEALTH_DECLINE_REASONS, HEALTH_OUTCOMES, type ReferralState, type ReferralUpdate } from '@casenet/contracts';

/**
 * The life of a referral at ATS:
 * requested → accepted → in_progress → completed
 *           → declined   accepted → completed (a single consultation needs no separate start)
 * and withdrawn by the municipality at any point before a final state.
 */
export type HealthDeclineReason = (typeof HEALTH_DECLINE_REASONS)[number];
export type HealthOutcome = (typeof HEALTH_OUTCOMES)[number];

export type ReferralCommand =
  | { kind: 'accept' }
  | { kind: 'decline'; reason: HealthDeclineReason }
  | { kind: 'start' }
  | { kind: 'complete'; outcome: HealthOutcome };

/** Final states: nothing moves a referral out of them, and retention counts from reaching one. */
export const CLOSED_STATES: readonly ReferralState[] = ['declined', 'completed', 'withdrawn'];

export function isClosed(state: ReferralState): boolean {
  return CLOSED_STATES.includes(state);
}

/** A command the referral's current state does not allow; the API answers 409 with this text. */
export class ReferralRuleError extends DomainRuleError {}

const ALLOWED_FROM: Record<ReferralCommand['kind'], readonly ReferralState[]> = {
  accept: ['requested'],
  decline: ['requested'],
  start: ['accepted'],
  complete: ['accepted', 'in_progress'],
};

const RESULT: Record<ReferralCommand['kind'], ReferralUpdate> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'in_progress',
  complete: 'completed',
};

/** The state a command leads to, which is also the status the municipality is told. */
export function decide(state: ReferralState, command: ReferralCommand): ReferralUpdate {
  const allowed = ALLOWED_FROM[command.kind];
  if (!allowed.includes(state)) {
    throw new ReferralRuleError(`cannot ${command.kind} a referral in state ${state} (allowed from: ${allowed.join(', ')})`);
  }
  return RESULT[command.kind];
}

/** Reassigning only makes sense while there is still work to do. */
export function assertAssignable(state: ReferralState): void {
  if (isClosed(state)) throw new ReferralRuleError(`cannot reassign a referral in state ${state}: it is closed`);
}
