import {
  COURT_DECLINE_REASONS,
  type CourtOutcome,
  type DeadlineKind,
  DomainRuleError,
  REFERRAL_STATES,
  type ReferralState,
  type ReferralUpdate,
  type WithdrawalReason,
} from '@casenet/contracts';

/**
 * A proceeding follows the referral it was opened for, so the municipality's view and the
 * court's never disagree on the state: requested → accepted (registered, docket number) →
 * in_progress (hearing) → completed (order); requested → declined; withdrawn until decided.
 */
export const PROCEEDING_STATES = REFERRAL_STATES;
export type ProceedingState = ReferralState;

export type CourtDeclineReason = (typeof COURT_DECLINE_REASONS)[number];

export const CLOSED_STATES: readonly ProceedingState[] = ['declined', 'completed', 'withdrawn'];
export const OPEN_STATES: readonly ProceedingState[] = PROCEEDING_STATES.filter((s) => !CLOSED_STATES.includes(s));

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

/** A command that the proceeding's state does not allow; the API answers 409 with this text. */
export class ProceedingRuleError extends DomainRuleError {}

const ALLOWED_FROM: Record<ProceedingCommand['kind'], readonly ProceedingState[]> = {
  register: ['requested'],
  decline: ['requested'],
  open_hearing: ['accepted'],
  issue_order: ['accepted', 'in_progress'],
  withdraw: OPEN_STATES,
};

export function decide(state: ProceedingState, command: ProceedingCommand): ProceedingTransition {
  const allowed = ALLOWED_FROM[command.kind];
  if (!allowed.includes(state)) {
    throw new ProceedingRuleError(`cannot ${command.kind.replace(/_/g, ' ')} a proceeding in state ${state} (allowed from: ${allowed.join(', ')})`);
  }
  switch (command.kind) {
    case 'register':
      return { to: 'accepted', update: 'accepted', closes: false };
    case 'decline':
      return { to: 'declined', update: 'declined', closes: true };
    case 'open_hearing':
      return { to: 'in_progress', update: 'in_progress', closes: false };
    case 'issue_order':
      return { to: 'completed', update: 'completed', closes: true };
    case 'withdraw':
      return { to: 'withdrawn', closes: true };
  }
}

/** Supervisors reassign only what is still being worked on. */
export function assertAssignable(state: ProceedingState): void {
  if (!OPEN_STATES.includes(state)) throw new ProceedingRuleError(`cannot reassign a proceeding in state ${state}`);
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
