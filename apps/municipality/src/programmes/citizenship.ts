/**
 * The child's citizenship category, as the statistics and Poli Start need it: `newly_arrived` is a
 * kind of `non_italian`. Until school reports carry the category, it comes from the intake (local
 * services, a family's access) or from the caseworker when the case is taken in charge.
 */
export const CITIZENSHIP_CATEGORIES = ['italian', 'non_italian', 'newly_arrived'] as const;
export type CitizenshipCategory = (typeof CITIZENSHIP_CATEGORIES)[number];

/** Where a case's citizenship category can come from, most authoritative first. */
export interface CitizenshipSources {
  /** Stated when the case was opened (intake) or recorded at an earlier take-in-charge; sealed with the identity. */
  recorded?: CitizenshipCategory;
  /** Stated by the caseworker with this take-in-charge. */
  stated?: CitizenshipCategory;
}

/**
 * The one place eligibility reads citizenship from. When school reports carry their citizenship
 * category, add it here as a source (the report's field, opened from the case's first report).
 */
export function citizenshipOf(sources: CitizenshipSources): CitizenshipCategory | undefined {
  return sources.recorded ?? sources.stated;
}
