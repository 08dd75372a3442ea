export const DRUG_EVENT_KINDS = ['possession_for_personal_use', 'use_observed', 'dealing_suspected'] as const;
export type DrugEventKind = (typeof DRUG_EVENT_KINDS)[number];

/** Milan's nine municipi. */
export const MUNICIPI = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
