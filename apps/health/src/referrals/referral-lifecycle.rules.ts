import {
  DomainRuleError,
  HEALTH_DECLINE_REASONS,
  HEALTH_OUTCOMES,
  isClosedReferralState,
  type ReferralState,
  type ReferralUpdate,
  referralStatesBefore,
} from '@casenet/contracts';

/**
 * ATS's commands on the referral loop (`libs/contracts`' referral-loop protocol):
 * accept → accepted, decline → declined, start → in_progress, complete → completed (from
 * accepted too: a single consultation needs no separate start). The municipality withdraws.
 */
export type HealthDeclineReason = (typeof HEALTH_DECLINE_REASONS)[number];
export type HealthOutcome = (typeof HEALTH_OUTCOMES)[number];

export type ReferralCommand =
  { kind: 'accept' } | { kind: 'decline'; reason: HealthDeclineReason } | { kind: 'start' } | { kind: 'complete'; outcome: HealthOutcome };

const RESULT: Record<ReferralCommand['kind'], ReferralUpdate> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'in_progress',
  complete: 'completed',
};

/** The state a command leads to, which is also the status the municipality is told. */
export function decide(state: ReferralState, command: ReferralCommand): ReferralUpdate {
  const allowed = referralStatesBefore(RESULT[command.kind]);
  if (!allowed.includes(state)) {
    throw new DomainRuleError('transition-forbidden', `cannot ${command.kind} a referral in state ${state} (allowed from: ${allowed.join(', ')})`);
  }
  return RESULT[command.kind];
}

/** Reassigning only makes sense while there is still work to do. */
export function assertAssignable(state: ReferralState): void {
  if (isClosedReferralState(state)) throw new DomainRuleError('transition-forbidden', `cannot reassign a referral in state ${state}: it is closed`);
}
