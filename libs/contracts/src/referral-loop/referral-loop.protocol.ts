import { type DeadlineKind, type MandateUpdate, type ReferralOutcome, REFERRAL_STATES, type ReferralState } from '../events/referral-codes.js';

/**
 * The referral loop, the one protocol every agency follows about a referral. The municipality
 * (the coordinator) sees it move, ATS and the court walk it; each keeps only the mapping of its
 * own commands onto these transitions, so the two sides can never disagree on what may follow.
 *
 * requested → accepted | declined(reason) → in_progress → completed(outcome), and withdrawn by
 * the coordinator until a final state. A police verification has no acceptance step: the
 * protocol obliges police to verify, so its outcome completes the requested loop directly.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralState, readonly ReferralState[]>> = {
  requested: ['accepted', 'declined', 'withdrawn'],
  accepted: ['in_progress', 'completed', 'withdrawn'],
  in_progress: ['completed', 'withdrawn'],
  declined: [],
  completed: [],
  withdrawn: [],
};

/**
 * The loops that skip acceptance: the recipient is obliged to act, not asked. An `ordered` loop
 * (the court's request for a psychosocial investigation) is obliged and cannot be declined either:
 * social services carry out what the court orders.
 */
export type LoopShape = 'asked' | 'obliged' | 'ordered';

/** Final states: nothing moves a loop out of them, and retention counts from reaching one. */
export const CLOSED_REFERRAL_STATES: readonly ReferralState[] = REFERRAL_STATES.filter((s) => REFERRAL_TRANSITIONS[s].length === 0);
/** States that keep a loop (and its case) open. */
export const OPEN_REFERRAL_STATES: readonly ReferralState[] = REFERRAL_STATES.filter((s) => REFERRAL_TRANSITIONS[s].length > 0);

export function isClosedReferralState(state: ReferralState): boolean {
  return CLOSED_REFERRAL_STATES.includes(state);
}

/** What may follow `from` in a loop of this shape. */
export function nextReferralStates(from: ReferralState, shape: LoopShape = 'asked'): readonly ReferralState[] {
  if (shape === 'asked' || from !== 'requested') return REFERRAL_TRANSITIONS[from];
  const obliged: readonly ReferralState[] = [...REFERRAL_TRANSITIONS.requested, 'completed'];
  return shape === 'ordered' ? obliged.filter((s) => s !== 'declined') : obliged;
}

/** The states a loop may reach `to` from, in the protocol's order (a command's preconditions). */
export function referralStatesBefore(to: ReferralState, shape: LoopShape = 'asked'): readonly ReferralState[] {
  return REFERRAL_STATES.filter((from) => nextReferralStates(from, shape).includes(to));
}

/**
 * A court mandate's loop, between the court that ordered it and social services: a dismissal
 * orders nothing; a level II mandate is acknowledged, then reported on (care started, then
 * completed or refused).
 */
export const MANDATE_STATES = ['not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused'] as const;
export type MandateState = (typeof MANDATE_STATES)[number];

export const MANDATE_TRANSITIONS: Readonly<Record<MandateState, readonly MandateUpdate[]>> = {
  not_applicable: [],
  awaiting_acknowledgement: ['acknowledged'],
  acknowledged: ['care_started', 'care_refused'],
  care_started: ['care_completed', 'care_refused'],
  care_completed: [],
  care_refused: [],
};

/** Mandates that keep a case open: acknowledged or not, their care is not over. */
export const ACTIVE_MANDATE_STATES: readonly MandateState[] = MANDATE_STATES.filter((s) => MANDATE_TRANSITIONS[s].length > 0);

/**
 * How far a mandate has got, for a reader that keeps the furthest point reported (the court):
 * reports can cross on the wire, and a late one never moves the mandate back.
 */
export const MANDATE_PROGRESS: Readonly<Record<MandateState, number>> = {
  not_applicable: -1,
  awaiting_acknowledgement: 0,
  acknowledged: 1,
  care_started: 2,
  care_completed: 3,
  care_refused: 3,
};

/**
 * A court referral as the municipality follows it (ADR 0021). The prosecutor's office receives it
 * first and walks the referral loop: accepting it for examination (accepted), declining it
 * (declined), archiving it (completed with outcome `archived`) or petitioning the court
 * (in_progress); the court's order completes it (outcome `mandate_level_ii` | `dismissal`). The
 * stage names where the referral stands in those terms, from the loop's state and outcome alone.
 */
export const COURT_REFERRAL_STAGES = ['with_prosecutor', 'under_examination', 'declined', 'archived', 'petitioned', 'order_issued', 'withdrawn'] as const;
export type CourtReferralStage = (typeof COURT_REFERRAL_STAGES)[number];

const STAGE_OF_STATE: Readonly<Record<Exclude<ReferralState, 'completed'>, CourtReferralStage>> = {
  requested: 'with_prosecutor',
  accepted: 'under_examination',
  declined: 'declined',
  in_progress: 'petitioned',
  withdrawn: 'withdrawn',
};

export function courtReferralStage(state: ReferralState, outcome: ReferralOutcome | string | null): CourtReferralStage {
  if (state !== 'completed') return STAGE_OF_STATE[state];
  return outcome === 'archived' ? 'archived' : 'order_issued';
}

/**
 * The timers of the loop, by the name each service schedules them under: what the other agency
 * owes (`deadline`, the code a breach notice carries) and the default durations (`due`, and a
 * reminder `remindBefore` it), which `DEADLINES="health.acceptance=5d/1d,…"` overrides. The
 * source documents set no time limit for any step: these are the product's defaults, chosen so a
 * loop left unanswered surfaces in a worklist, never the protocol's or the law's.
 * `investigation.report` is the court's request for a psychosocial investigation: the report is owed.
 */
export const LOOP_DEADLINES = {
  'police.verification': { deadline: 'completion', due: '10d', remindBefore: '2d' },
  'health.acceptance': { deadline: 'acceptance', due: '5d', remindBefore: '1d' },
  'court.acceptance': { deadline: 'acceptance', due: '15d', remindBefore: '3d' },
  'mandate.acknowledgement': { deadline: 'acknowledgement', due: '10d', remindBefore: '2d' },
  'investigation.report': { deadline: 'report', due: '60d', remindBefore: '10d' },
} as const satisfies Record<string, { deadline: DeadlineKind; due: string; remindBefore: string }>;
export type LoopDeadline = keyof typeof LOOP_DEADLINES;

/** The durations of some of the loop's timers, as a service declares the deadlines it runs. */
export function loopDeadlineDurations<K extends LoopDeadline>(...kinds: K[]): Record<K, { due: string; remindBefore: string }> {
  const durations = {} as Record<K, { due: string; remindBefore: string }>;
  for (const kind of kinds) durations[kind] = { due: LOOP_DEADLINES[kind].due, remindBefore: LOOP_DEADLINES[kind].remindBefore };
  return durations;
}
