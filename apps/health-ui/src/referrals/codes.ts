/** The codes the ATS API speaks (its OpenAPI enums); every one has a label in it.json and en.json. */
export const REFERRAL_STATES = ['requested', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];
export const HEALTH_CONCERNS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress'] as const;
export type HealthConcern = (typeof HEALTH_CONCERNS)[number];
export const DECLINE_REASONS = ['not_competent', 'already_in_care', 'insufficient_information', 'family_refused'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export const HEALTH_OUTCOMES = ['care_plan_completed', 'referred_to_specialist_service', 'no_need_found', 'left_care'] as const;
export type HealthOutcome = (typeof HEALTH_OUTCOMES)[number];
export const ASSTS = [
  'asst_fatebenefratelli_sacco',
  'asst_grande_ospedale_metropolitano_niguarda',
  'asst_santi_paolo_e_carlo',
  'asst_nord_milano',
  'asst_rhodense',
  'asst_ovest_milanese',
  'asst_melegnano_martesana',
  'asst_lodi',
] as const;
export type Asst = (typeof ASSTS)[number];
export const CARE_SERVICES = ['uonpia', 'serd', 'psicologia_clinica', 'consultorio_familiare'] as const;
export type CareService = (typeof CARE_SERVICES)[number];

/**
 * Which command the API accepts in which state (the referral-loop protocol as ATS maps it:
 * accept/decline from requested, start from accepted, complete from accepted or in_progress,
 * reassignment while the referral is open).
 */
export const ACCEPTS: Record<'accept' | 'decline' | 'start' | 'complete' | 'assign', readonly ReferralState[]> = {
  accept: ['requested'],
  decline: ['requested'],
  start: ['accepted'],
  complete: ['accepted', 'in_progress'],
  assign: ['requested', 'accepted', 'in_progress'],
};
