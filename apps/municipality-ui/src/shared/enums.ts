/** The codes the API accepts, as its OpenAPI document lists them (one place for the forms and filters). */
export const CASE_STATES = ['screening', 'verification_requested', 'verified', 'taken_in_charge', 'closed', 'intake', 'social_assessment'] as const;
export const KINDS = ['absence', 'bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'] as const;
export const CARE_LEVELS = ['unassessed', 'I', 'II'] as const;
export const WAYS_IN = ['school_report', 'local_services', 'spontaneous_access'] as const;
export const CITIZENSHIPS = ['italian', 'non_italian', 'newly_arrived'] as const;
export const SCREENING_CLOSURES = ['immediate_return', 'clerical_error', 'non_resident'] as const;
export const CASE_CLOSURES = ['resolved', 'moved_away', 'not_found', 'care_refused', 'transferred', 'other'] as const;
export const HEALTH_CONCERNS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress'] as const;
export const COURT_GROUNDS = ['persistent_evasion', 'harm_to_child'] as const;
export const WITHDRAWAL_REASONS = ['resolved', 'moved_away', 'duplicate', 'other'] as const;
export const REFERRAL_AGENCIES = ['police', 'health', 'court'] as const;
export const REFERRAL_STATES = ['requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;
export const MANDATE_STATES = ['not_applicable', 'awaiting_acknowledgement', 'acknowledged', 'care_started', 'care_completed', 'care_refused'] as const;
export const SIGNAL_KINDS = ['possession_for_personal_use', 'use_observed', 'dealing_suspected'] as const;
export const CATEGORIES = ['never_attended', 'irregular_attendance'] as const;
export const SCHOOL_LEVELS = ['primaria', 'secondaria_i', 'secondaria_ii', 'cfp'] as const;

/** States from which the service accepts each case command (apps/municipality case-lifecycle.rules). */
export const TAKE_IN_CHARGE_FROM: readonly string[] = ['verified', 'intake', 'social_assessment'];
export const RETURN_TO_CLASS_FROM: readonly string[] = ['taken_in_charge'];
export const CLOSE_FROM: readonly string[] = ['verified', 'taken_in_charge', 'intake', 'social_assessment'];
/** A health or court referral can be withdrawn until it reaches a final state; police verifications never. */
export const WITHDRAWABLE: readonly string[] = ['requested', 'accepted', 'in_progress'];
/** A mandate's next steps (MANDATE_TRANSITIONS of the referral-loop protocol). */
export const MANDATE_NEXT: Record<string, readonly string[]> = {
  awaiting_acknowledgement: ['acknowledged'],
  acknowledged: ['care_started', 'care_refused'],
  care_started: ['care_completed', 'care_refused'],
};
