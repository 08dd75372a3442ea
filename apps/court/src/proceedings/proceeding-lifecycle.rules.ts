import {
  COURT_DECLINE_REASONS,
  type CourtOutcome,
  type DeadlineKind,
  DomainRuleError,
  isClosedReferralState,
  OPEN_REFERRAL_STATES,
  REFERRAL_STATES,
  type ReferralState,
  type ReferralUpdate,
  referralStatesBefore,
  type WithdrawalReason,
} from '@casenet/contracts';

/**
 * A proceeding is the court's side of a court referral, so it walks the referral loop
 * (`libs/contracts`' referral-loop protocol) and the municipality's view and the court's never
 * disagree on the state: register → accepted (docket number), open_hearing → in_progress,
 * issue_order → completed (order), decline → declined; the municipality withdraws until decided.
 */
export const PROCEEDING_STATES = REFERRAL_STATES;
export type ProceedingState = ReferralState;

export type CourtDeclineReason = (typeof COURT_DECLINE_REASONS)[number];

export type ProceedingCommand =
  | { kind: 'register'; docket: string }
  | { kind: 'decline'; reason: CourtDeclineReason }
  | { kind: 'open_hearing' }
  | { kind: 'issue_order'; order: CourtOutcome; operativePart?: string; judicialNote?: string }
  | { kind: 'withdraw'; reason: WithdrawalReason };

export interface ProceedingTransition {
  to: ProceedingState;
  /** What the municipality is told; a withdrawal came from the municipality, so nothing goes back. */
  update?: ReferralUpdate;
  closes: boolean;
}

const RESULT: Record<ProceedingCommand['kind'], Omit<ProceedingTransition, 'closes'>> = {
  register: { to: 'accepted', update: 'accepted' },
  decline: { to: 'declined', update: 'declined' },
  open_hearing: { to: 'in_progress', update: 'in_progress' },
  issue_order: { to: 'completed', update: 'completed' },
  withdraw: { to: 'withdrawn' },
};

export function decide(state: ProceedingState, command: ProceedingCommand): ProceedingTransition {
  const result = RESULT[command.kind];
  const allowed = referralStatesBefore(result.to);
  if (!allowed.includes(state)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `cannot ${command.kind.replace(/_/g, ' ')} a proceeding in state ${state} (allowed from: ${allowed.join(', ')})`,
    );
  }
  return { ...result, closes: isClosedReferralState(result.to) };
}

/** Supervisors reassign only what is still being worked on. */
export function assertAssignable(state: ProceedingState): void {
  if (!OPEN_REFERRAL_STATES.includes(state)) throw new DomainRuleError('transition-forbidden', `cannot reassign a proceeding in state ${state}`);
}

/**
 * Whether the municipality's overdue notice still concerns the proceeding: a notice can cross
 * the court's own answer on the wire, and a late registration already met the acceptance deadline.
 */
export function overdueApplies(state: ProceedingState, deadline: DeadlineKind): boolean {
  if (deadline === 'acceptance') return state === 'requested';
  if (deadline === 'completion') return state === 'accepted' || state === 'in_progress';
  return false;
}
