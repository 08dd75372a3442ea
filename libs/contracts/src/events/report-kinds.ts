import { JSONSchema } from 'class-validator-jsonschema';
import { IsIn, IsOptional, registerDecorator, ValidateIf, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { type SchoolLevel } from './value-objects.js';

/**
 * The kinds of report a school files (Protocollo d'intesa Milano 2023): non-attendance, bullying
 * and cyberbullying (L. 71/2017), substance use (DPR 309/90), social distress, and harm to the
 * child (segnalazione di pregiudizio). Each travels as its own event type; the words are the same
 * as the concerns an absence report may flag, so one vocabulary grounds the referrals.
 */
export const REPORT_KINDS = ['absence', 'bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The kinds that reach the municipality's social services directly, without screening or police. */
export const SOCIAL_REPORT_KINDS = ['bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'] as const;
export type SocialReportKind = (typeof SOCIAL_REPORT_KINDS)[number];

export const BULLYING_KINDS = ['bullying', 'cyberbullying'] as const;
export type BullyingKind = (typeof BULLYING_KINDS)[number];

/** Where the pupil stands in the episode: L. 71/2017 asks schools to act for victims and perpetrators alike. */
export const BULLYING_ROLES = ['victim', 'perpetrator', 'witness'] as const;
export type BullyingRole = (typeof BULLYING_ROLES)[number];

/** What the school saw about substances (facts at school, never a diagnosis). */
export const SUBSTANCE_OBSERVATIONS = ['use_at_school', 'possession', 'intoxication', 'disclosed_by_pupil', 'reported_by_peers'] as const;
export type SubstanceObservation = (typeof SUBSTANCE_OBSERVATIONS)[number];

/** Signs of distress teachers report. */
export const DISTRESS_SIGNS = ['withdrawal', 'isolation', 'anxiety', 'self_harm_risk', 'aggressive_behaviour', 'family_difficulty'] as const;
export type DistressSign = (typeof DISTRESS_SIGNS)[number];

/** What the school observed that suggests harm to the child (segnalazione di pregiudizio). */
export const HARM_OBSERVATIONS = [
  'physical_injury',
  'neglect',
  'disclosure_by_child',
  'witnessed_domestic_violence',
  'psychological_abuse',
  'sexual_abuse_suspected',
] as const;
export type HarmObservation = (typeof HARM_OBSERVATIONS)[number];

/**
 * Citizenship category for the Osservatorio's statistics; `newly_arrived` (neo-arrivati in Italia)
 * is a part of non-Italian citizenship, counted within it.
 */
export const CITIZENSHIP_CATEGORIES = ['italian', 'non_italian', 'newly_arrived'] as const;
export type CitizenshipCategory = (typeof CITIZENSHIP_CATEGORIES)[number];

/** Secondaria II tracks of the school office's survey, and IeFP for the vocational centres (CFP). */
export const SCHOOL_TRACKS = ['liceale', 'tecnico', 'professionale', 'iefp'] as const;
export type SchoolTrack = (typeof SCHOOL_TRACKS)[number];

/** The tracks a school level may name; other levels have none. */
export const TRACKS_BY_LEVEL: Readonly<Record<SchoolLevel, readonly SchoolTrack[]>> = {
  primaria: [],
  secondaria_i: [],
  secondaria_ii: ['liceale', 'tecnico', 'professionale'],
  cfp: ['iefp'],
};

export const SCHOOL_YEAR_PATTERN = /^(\d{4})\/(\d{2})$/;

/** The Italian school year a date falls in (from 1 September): 2023-03-10 → `2022/23`. */
export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 8 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** `2022/23`: four digits, a slash, the next year's last two. */
export function isSchoolYear(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = SCHOOL_YEAR_PATTERN.exec(value);
  return !!match && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

export function IsSchoolYear(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSchoolYear',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a school year like 2022/23`, ...options },
      validator: { validate: isSchoolYear },
    });
}

/** The track must be one the report's school level has (`school.level` beside it). */
export function IsTrackOfLevel(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTrackOfLevel',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) => {
          const level = levelOf(args.object);
          const allowed = level ? TRACKS_BY_LEVEL[level] : [];
          return `track must be one of ${allowed.join(', ') || 'none'} for school level ${level ?? 'unknown'}`;
        },
        ...options,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const level = levelOf(args.object);
          return !!level && (TRACKS_BY_LEVEL[level] as readonly unknown[]).includes(value);
        },
      },
    });
}

function levelOf(object: object): SchoolLevel | undefined {
  const school = (object as { school?: { level?: unknown } }).school;
  const level = school?.level;
  return typeof level === 'string' && level in TRACKS_BY_LEVEL ? (level as SchoolLevel) : undefined;
}

/**
 * The statistics fields every report carries (added to `schools.absence.reported.v1` as optional
 * fields): the school year, the pupil's citizenship category and, in secondaria II and CFP, the track.
 * Each is its own data category in the sharing policy. The municipio is not sent: the municipality
 * derives it from the residence.
 */
export class ReportStatistics {
  @JSONSchema({ examples: ['2022/23'], pattern: SCHOOL_YEAR_PATTERN.source, description: 'School year; by default the one the report was filed in' })
  @IsOptional()
  @IsSchoolYear()
  schoolYear?: string;

  @JSONSchema({ examples: ['non_italian'], description: 'newly_arrived is within non_italian' })
  @IsOptional()
  @IsIn(CITIZENSHIP_CATEGORIES)
  citizenship?: CitizenshipCategory;

  @JSONSchema({ examples: ['tecnico'], description: 'Secondaria II: liceale, tecnico or professionale; CFP: iefp; none for other levels' })
  @ValidateIf((o: { track?: unknown }) => o.track !== undefined)
  @IsTrackOfLevel()
  track?: SchoolTrack;
}
