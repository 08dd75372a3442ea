import {
  COURT_DECLINE_REASONS,
  type CourtOutcome,
  type DeadlineKind,
  DomainRuleError,
  isClosedReferralState,
  REFERRAL_STATES,
  type ReferralOutcome,
  type ReferralState,
  type ReferralUpdate,
  referralStatesBefore,
  type WithdrawalReason,
} from '@casenet/contracts';

/**
 * The prosecutor's desk (Procura presso il Tribunale per i minorenni, ADR 0021). A referral from
 * the municipality reaches the prosecutor first, and the prosecutor's file walks the referral loop
 * (`libs/contracts`' referral-loop protocol), so the municipality's view and the prosecutor's never
 * disagree: accept (for examination) → accepted, decline → declined, archive → completed with
 * outcome `archived`, petition the court → in_progress; the court's order then completes it.
 */
export const PROSECUTOR_FILE_STATES = REFERRAL_STATES;
export type ProsecutorFileState = ReferralState;
export type ProsecutorDeclineReason = (typeof COURT_DECLINE_REASONS)[number];

/**
 * Why the prosecutor archived a referral. The code stays in the prosecutor's file: the
 * municipality learns only that the referral was archived.
 */
export const ARCHIVE_REASONS = ['no_prejudice_found', 'insufficient_evidence', 'resolved_by_services', 'not_competent'] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];

export type ProsecutorCommand =
  | { kind: 'accept' }
  | { kind: 'decline'; reason: ProsecutorDeclineReason }
  | { kind: 'archive'; reason: ArchiveReason; note?: string }
  | { kind: 'petition'; note?: string }
  | { kind: 'withdraw'; reason: WithdrawalReason }
  /** The court decided the petition: the file closes with the order; the court tells the municipality. */
  | { kind: 'court_decided'; order: CourtOutcome };

export interface ProsecutorTransition {
  to: ProsecutorFileState;
  /** What the municipality is told; nothing for a withdrawal (it came from the municipality) or the court's decision (the court tells it). */
  update?: ReferralUpdate;
  outcome?: ReferralOutcome;
  closes: boolean;
}

const RESULT: Record<ProsecutorCommand['kind'], Omit<ProsecutorTransition, 'closes'>> = {
  accept: { to: 'accepted', update: 'accepted' },
  decline: { to: 'declined', update: 'declined' },
  archive: { to: 'completed', update: 'completed', outcome: 'archived' },
  petition: { to: 'in_progress', update: 'in_progress' },
  withdraw: { to: 'withdrawn' },
  court_decided: { to: 'completed' },
};

/**
 * The states each command may start from: the loop's own preconditions, except that archiving is
 * the prosecutor's decision after examination (not after petitioning: then the court decides),
 * and only a petitioned file waits for the court's decision.
 */
function allowedFrom(command: ProsecutorCommand['kind']): readonly ProsecutorFileState[] {
  if (command === 'archive') return ['accepted'];
  if (command === 'court_decided') return ['in_progress'];
  return referralStatesBefore(RESULT[command].to);
}

export function decideProsecution(state: ProsecutorFileState, command: ProsecutorCommand): ProsecutorTransition {
  const result = RESULT[command.kind];
  const allowed = allowedFrom(command.kind);
  if (!allowed.includes(state)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `cannot ${command.kind.replace(/_/g, ' ')} a prosecutor's file in state ${state} (allowed from: ${allowed.join(', ') || 'none'})`,
    );
  }
  const outcome = command.kind === 'court_decided' ? command.order : result.outcome;
  return { ...result, ...(outcome ? { outcome } : {}), closes: isClosedReferralState(result.to) };
}

/** The municipality's overdue notice concerns the file only while the prosecutor has not answered. */
export function prosecutorOverdueApplies(state: ProsecutorFileState, deadline: DeadlineKind): boolean {
  return deadline === 'acceptance' && state === 'requested';
}
