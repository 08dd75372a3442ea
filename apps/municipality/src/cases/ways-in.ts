/**
 * How a case reached the municipality. A school report goes through screening and police
 * verification; local services (servizi territoriali) and a family's spontaneous access open an
 * intake the unit takes in charge or closes directly.
 */
export const WAYS_IN = ['school_report', 'local_services', 'spontaneous_access'] as const;
export type WayIn = (typeof WAYS_IN)[number];

/**
 * Care level, explicit on every case: `unassessed` until the unit takes the child in charge (a
 * school or local-services report), `I` for care without a court mandate (a family's spontaneous
 * access opens at I; taking in charge sets it), `II` once the juvenile court mandates care.
 */
export const CARE_LEVELS = ['unassessed', 'I', 'II'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];

/** The level a way in opens a case at. */
export function openingCareLevel(wayIn: WayIn): CareLevel {
  return wayIn === 'spontaneous_access' ? 'I' : 'unassessed';
}

/** Taking in charge without a mandate is level I care; a court mandate's level II stays. */
export function careLevelOnTakingInCharge(current: CareLevel): CareLevel {
  return current === 'II' ? 'II' : 'I';
}
