import type { components } from './schema.js';

type Schemas = components['schemas'];

export type ProsecutorFile = Schemas['ProsecutorFileView'];
export type Proceeding = Schemas['ProceedingView'];
export type Investigation = Schemas['InvestigationView'];
export type Order = Schemas['OrderView'];
export type HistoryEntry = Schemas['HistoryEntryView'];
export type Deadline = Schemas['DeadlineView'];
export type LoopState = Schemas['ProceedingView']['state'];
export type ArchiveReason = Schemas['ArchiveReferralDto']['reason'];
export type DeclineReason = Schemas['DeclineReferralDto']['reason'];
export type CourtOutcome = Schemas['IssueOrderDto']['order'];
export type MandateState = Schemas['OrderView']['mandateState'];

/** The referral loop's states, in the protocol's order (libs/contracts' referral-loop protocol). */
export const LOOP_STATES = ['requested', 'accepted', 'in_progress', 'completed', 'declined', 'withdrawn'] as const satisfies readonly LoopState[];
/** States that keep a loop open: the only ones anything can still happen in. */
export const OPEN_STATES: readonly LoopState[] = ['requested', 'accepted', 'in_progress'];
export const ARCHIVE_REASONS = [
  'no_prejudice_found',
  'insufficient_evidence',
  'resolved_by_services',
  'not_competent',
] as const satisfies readonly ArchiveReason[];
export const DECLINE_REASONS = ['not_competent', 'insufficient_grounds'] as const satisfies readonly DeclineReason[];
export const COURT_OUTCOMES = ['mandate_level_ii', 'dismissal'] as const satisfies readonly CourtOutcome[];
export const MANDATE_STATES = [
  'awaiting_acknowledgement',
  'acknowledged',
  'care_started',
  'care_completed',
  'care_refused',
  'not_applicable',
] as const satisfies readonly MandateState[];
