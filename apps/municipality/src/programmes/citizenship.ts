import type { CitizenshipCategory } from '@casenet/contracts';

/**
 * The child's citizenship category, as the statistics and Poli Start need it (`newly_arrived` is a
 * kind of `non_italian`; the vocabulary is the contracts' `CITIZENSHIP_CATEGORIES`).
 */
export { CITIZENSHIP_CATEGORIES, type CitizenshipCategory } from '@casenet/contracts';

/** Where a case's citizenship category can come from, most authoritative first. */
export interface CitizenshipSources {
  /** Stated when the case was opened (intake) or recorded at an earlier take-in-charge; sealed with the identity. */
  recorded?: CitizenshipCategory;
  /** Stated by the caseworker with this take-in-charge. */
  stated?: CitizenshipCategory;
  /** What the school reported (the case's earliest report that states it). */
  reported?: CitizenshipCategory;
}

/** The one place eligibility reads citizenship from. */
export function citizenshipOf(sources: CitizenshipSources): CitizenshipCategory | undefined {
  return sources.recorded ?? sources.stated ?? sources.reported;
}
