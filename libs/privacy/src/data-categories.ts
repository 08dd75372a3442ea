/** The data categories the sharing policy speaks of. */
export const DATA_CATEGORIES = [
  'case',
  'identity',
  'contact',
  'school',
  'social',
  'police',
  'mandate',
  'health',
  'judicial',
  'school-year',
  'citizenship',
  'track',
  'municipio',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
