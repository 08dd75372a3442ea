import { DomainRuleError, type ReportStatus, type VerificationOutcome } from '@casenet/contracts';
import type { CitizenshipCategory } from '../programmes/citizenship.js';

/**
 * The life of a municipal case, as the dropout unit runs it:
 * screening → closed(immediate_return | clerical_error | non_resident)
 *           → verification_requested → verified → taken_in_charge → closed(returned_to_class | …)
 *                                               → closed(…)
 * intake (local services, a family's spontaneous access) → taken_in_charge | closed(…)
 * and as social services run a case opened by a report of another kind (bullying, substance use,
 * distress, harm: no screening, no police):
 * social_assessment → taken_in_charge → closed(…)
 *                   → closed(…)
 */
export const CASE_STATES = ['screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed', 'intake', 'social_assessment'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Why a report is not forwarded to police (the protocol's three filters). */
export const SCREENING_CLOSURES = ['immediate_return', 'clerical_error', 'non_resident'] as const;
export type ScreeningClosure = (typeof SCREENING_CLOSURES)[number];

/** Why a case ends after verification or care. */
export const CASE_CLOSURES = ['resolved', 'moved_away', 'not_found', 'care_refused', 'transferred', 'other'] as const;
export type CaseClosure = (typeof CASE_CLOSURES)[number];

export type CaseCommand =
  | { kind: 'close_at_screening'; reason: ScreeningClosure }
  | { kind: 'forward_to_police' }
  | { kind: 'record_verification'; outcome: VerificationOutcome }
  | { kind: 'take_in_charge'; programmes: string[]; educator: string; citizenship?: CitizenshipCategory }
  | { kind: 'record_return_to_class' }
  | { kind: 'close'; reason: CaseClosure };

export interface CaseFacts {
  state: CaseState;
  residentInMilan: boolean;
  /** Referrals and court mandates still open: a case cannot close over them. */
  openLinks?: number;
  /** The case was handled through health or court referrals, so it may close from screening. */
  referred?: boolean;
}

export interface Transition {
  to: CaseState;
  /** What the reporting schools are told. */
  schoolStatus: ReportStatus;
  closureReason?: string;
}

const ALLOWED_FROM: Record<CaseCommand['kind'], readonly CaseState[]> = {
  close_at_screening: ['screening'],
  forward_to_police: ['screening'],
  record_verification: ['verification_requested'],
  take_in_charge: ['verified', 'intake', 'social_assessment'],
  record_return_to_class: ['taken_in_charge'],
  close: ['screening', 'verified', 'taken_in_charge', 'intake', 'social_assessment'],
};

/** Commands that close the case: only these need to know about open referrals and mandates. */
export const CLOSING: readonly CaseCommand['kind'][] = ['close_at_screening', 'record_return_to_class', 'close'];

export function decide(facts: CaseFacts, command: CaseCommand): Transition {
  const allowed = ALLOWED_FROM[command.kind];
  if (!allowed.includes(facts.state)) {
    throw new DomainRuleError(
      'transition-forbidden',
      `cannot ${command.kind.replace(/_/g, ' ')} a case in state ${facts.state} (allowed from: ${allowed.join(', ')})`,
    );
  }
  if (CLOSING.includes(command.kind) && (facts.openLinks ?? 0) > 0) {
    throw new DomainRuleError('loops-open', `the case has ${facts.openLinks} open referral(s) or court mandate(s): wait for them to close, or withdraw them`);
  }
  switch (command.kind) {
    case 'close_at_screening':
      if (command.reason === 'non_resident' && facts.residentInMilan) {
        throw new DomainRuleError('not-grounded', 'the pupil lives in Milan: non_resident does not apply');
      }
      return { to: 'closed', schoolStatus: `closed_${command.reason}`, closureReason: command.reason };
    case 'forward_to_police':
      if (!facts.residentInMilan) {
        throw new DomainRuleError('not-grounded', 'the pupil does not live in Milan: close it as non_resident for the competent municipality');
      }
      return { to: 'verification_requested', schoolStatus: 'verification_requested' };
    case 'record_verification':
      return { to: 'verified', schoolStatus: 'verification_completed' };
    case 'take_in_charge':
      return { to: 'taken_in_charge', schoolStatus: 'taken_in_charge' };
    case 'record_return_to_class':
      return { to: 'closed', schoolStatus: 'returned_to_class', closureReason: 'returned_to_class' };
    case 'close':
      if (facts.state === 'screening' && !facts.referred) {
        throw new DomainRuleError(
          'transition-forbidden',
          'a case in screening closes with a screening reason, or is forwarded; only cases handled through referrals close from screening',
        );
      }
      return { to: 'closed', schoolStatus: 'closed', closureReason: command.reason };
  }
}
