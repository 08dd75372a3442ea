import type { components } from '../api/schema';

type Schemas = components['schemas'];
type ReportView = Schemas['ReportView'];

export type ReportKind = NonNullable<ReportView['kind']>;
export type SchoolLevel = Schemas['ReportingSchool']['level'];

// The API's enums, spelled once for the form's options; `satisfies` fails the build if the API's change.
export const REPORT_KINDS = [
  'absence',
  'bullying',
  'cyberbullying',
  'substance_use',
  'social_distress',
  'harm_to_child',
] as const satisfies readonly ReportKind[];
export const SCHOOL_LEVELS = ['primaria', 'secondaria_i', 'secondaria_ii', 'cfp'] as const satisfies readonly SchoolLevel[];
export const ABSENCE_CATEGORIES = ['never_attended', 'irregular_attendance'] as const satisfies readonly NonNullable<ReportView['category']>[];
export const CITIZENSHIP = ['italian', 'non_italian', 'newly_arrived'] as const satisfies readonly NonNullable<ReportView['citizenship']>[];
export const CONCERNS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'] as const satisfies readonly NonNullable<
  Schemas['FileReportDto']['concerns']
>[number][];
export const BULLYING_ROLES = ['victim', 'perpetrator', 'witness'] as const satisfies readonly Schemas['BullyingReportDto']['role'][];
export const SUBSTANCE_OBSERVATIONS = [
  'use_at_school',
  'possession',
  'intoxication',
  'disclosed_by_pupil',
  'reported_by_peers',
] as const satisfies readonly Schemas['SubstanceUseReportDto']['observed'][number][];
export const DISTRESS_SIGNS = [
  'withdrawal',
  'isolation',
  'anxiety',
  'self_harm_risk',
  'aggressive_behaviour',
  'family_difficulty',
] as const satisfies readonly Schemas['SocialDistressReportDto']['signs'][number][];
export const HARM_OBSERVATIONS = [
  'physical_injury',
  'neglect',
  'disclosure_by_child',
  'witnessed_domestic_violence',
  'psychological_abuse',
  'sexual_abuse_suspected',
] as const satisfies readonly Schemas['HarmReportDto']['observed'][number][];

/** Secondaria II and CFP name a track; the other levels have none (the API refuses one). */
export const TRACKS_BY_LEVEL: Readonly<Record<SchoolLevel, readonly NonNullable<ReportView['track']>[]>> = {
  primaria: [],
  secondaria_i: [],
  secondaria_ii: ['liceale', 'tecnico', 'professionale'],
  cfp: ['iefp'],
};
