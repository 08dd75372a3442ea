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
 * (`libs/contracts`' referral-loop protocol): register → accepted (docket number), open_hearing →
 * in_progress, issue_order → completed (order); the municipality withdraws until decided.
 *
 * Since the prosecutor's desk (ADR 0021) a proceeding opens on the prosecutor's petition: the
 * municipality's referral is then already in_progress ("petitioned"), so registration and the
 * hearing stay inside the court and only the order goes back (completed). A proceeding opened
 * straight from a referral before the desk existed (`petitioned` false) tells the municipality
 * every step, as it did. Declining moved to the prosecutor's desk: the court decides what is
 * before it by order (a dismissal is its no); `declined` proceedings are those declined before.
 */
export const PROCEEDING_STATES = REFERRAL_STATES;
export type ProceedingState = ReferralState;

export type CourtDeclineReason = (typeof COURT_DECLINE_REASONS)[number];

export type ProceedingCommand =
  | { kind: 'register'; docket: string }
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
  open_hearing: { to: 'in_progress', update: 'in_progress' },
  issue_order: { to: 'completed', update: 'completed' },
  withdraw: { to: 'withdrawn' },
};

/** On a petition the municipality already follows the referral as in_progress: only the order changes what it sees. */
const PETITIONED_UPDATES: ReadonlySet<ProceedingCommand['kind']> = new Set(['issue_order']);

export function decide(state: ProceedingState, command: ProceedingCommand, petitioned = false): ProceedingTransition {
  const result = RESULT[command.kind];
  const allowed = referralStatesBefore(result.to);
  if (!allowed.includes(state)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `cannot ${command.kind.replace(/_/g, ' ')} a proceeding in state ${state} (allowed from: ${allowed.join(', ')})`,
    );
  }
  const update = petitioned && !PETITIONED_UPDATES.has(command.kind) ? undefined : result.update;
  return { to: result.to, ...(update ? { update } : {}), closes: isClosedReferralState(result.to) };
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
