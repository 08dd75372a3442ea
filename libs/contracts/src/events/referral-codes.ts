/**
 * The codes of the referral web. They are all that crosses an agency boundary about a referral:
 * states and reasons, never the health or judicial detail behind them.
 */

/** Concerns a school can flag on a report besides the absence itself. */
export const REPORT_CONCERNS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'] as const;
export type ReportConcern = (typeof REPORT_CONCERNS)[number];

/** Concerns that ATS (health) takes referrals for. */
export const HEALTH_CONCERNS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress'] as const;
export type HealthConcern = (typeof HEALTH_CONCERNS)[number];

/** Why the municipality refers a child to the juvenile court / prosecutor. */
export const COURT_GROUNDS = ['persistent_evasion', 'harm_to_child'] as const;
export type CourtGrounds = (typeof COURT_GROUNDS)[number];

/** A referral's life, as the sender sees it: requested → accepted | declined → in_progress → completed | withdrawn. */
export const REFERRAL_STATES = ['requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** The transitions a receiving agency reports back. */
export const REFERRAL_UPDATES = ['accepted', 'declined', 'in_progress', 'completed'] as const;
export type ReferralUpdate = (typeof REFERRAL_UPDATES)[number];

export const HEALTH_DECLINE_REASONS = ['not_competent', 'already_in_care', 'insufficient_information', 'family_refused'] as const;
export const HEALTH_OUTCOMES = ['care_plan_completed', 'referred_to_specialist_service', 'no_need_found', 'left_care'] as const;
export const COURT_DECLINE_REASONS = ['not_competent', 'insufficient_grounds'] as const;
/** What the court's proceeding ended with; the order itself travels in court.order.issued.v1. */
export const COURT_OUTCOMES = ['mandate_level_ii', 'dismissal'] as const;
export type CourtOutcome = (typeof COURT_OUTCOMES)[number];
/**
 * How the prosecutor's office (Procura presso il Tribunale per i minorenni) can end a referral
 * without the court: it archives it. Why it archived stays in the prosecutor's file.
 */
export const PROSECUTOR_OUTCOMES = ['archived'] as const;
export type ProsecutorOutcome = (typeof PROSECUTOR_OUTCOMES)[number];

export type DeclineReason = (typeof HEALTH_DECLINE_REASONS)[number] | (typeof COURT_DECLINE_REASONS)[number];
/** Both agencies may answer not_competent: listed once. */
export const DECLINE_REASONS: readonly DeclineReason[] = [...new Set<DeclineReason>([...HEALTH_DECLINE_REASONS, ...COURT_DECLINE_REASONS])];
export const REFERRAL_OUTCOMES = [...HEALTH_OUTCOMES, ...COURT_OUTCOMES, ...PROSECUTOR_OUTCOMES] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const WITHDRAWAL_REASONS = ['resolved', 'moved_away', 'duplicate', 'other'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/** How the municipality answers a court mandate: acknowledge it, then report on the care. */
export const MANDATE_UPDATES = ['acknowledged', 'care_started', 'care_completed', 'care_refused'] as const;
export type MandateUpdate = (typeof MANDATE_UPDATES)[number];

/** Police facts about drugs involving a pupil (administrative, DPR 309/90 art. 75; not a criminal record). */
export const DRUG_EVENT_KINDS = ['possession_for_personal_use', 'use_observed', 'dealing_suspected'] as const;
export type DrugEventKind = (typeof DRUG_EVENT_KINDS)[number];

/** How social services answer the court's request for a psychosocial investigation: take it on, then send the report. */
export const INVESTIGATION_UPDATES = ['accepted', 'completed'] as const;
export type InvestigationUpdate = (typeof INVESTIGATION_UPDATES)[number];

export const DEADLINE_KINDS = ['acceptance', 'completion', 'acknowledgement', 'report'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
