import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PupilIdentity, ReportingSchool, Residence } from './value-objects.js';
import {
  BULLYING_KINDS,
  BULLYING_ROLES,
  type BullyingKind,
  type BullyingRole,
  DISTRESS_SIGNS,
  type DistressSign,
  HARM_OBSERVATIONS,
  type HarmObservation,
  ReportStatistics,
  SUBSTANCE_OBSERVATIONS,
  type SubstanceObservation,
} from './report-kinds.js';

/**
 * What every school report carries whatever its kind: who, where, which school, the statistics
 * fields, the school's notes. Reports other than absence each have their own event type (ADR 0020),
 * so each kind has its own fields, legal basis and recipients in the sharing policy.
 */
export abstract class SchoolReportFields extends ReportStatistics {
  @IsUUID('4')
  reportId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @IsDefined()
  @ValidateNested()
  @Type(() => Residence)
  residence!: Residence;

  @IsDefined()
  @ValidateNested()
  @Type(() => ReportingSchool)
  school!: ReportingSchool;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @IsISO8601({ strict: true })
  reportedAt!: string;
}

/** schools → municipality: bullying or cyberbullying (L. 71/2017), with the pupil's role; the pupil may attend regularly. */
export class BullyingReportedV1 extends SchoolReportFields {
  static readonly type = 'schools.bullying.reported.v1';

  @IsIn(BULLYING_KINDS)
  kind!: BullyingKind;

  @IsIn(BULLYING_ROLES)
  role!: BullyingRole;

  /** Whether it happened (also) online; always true for cyberbullying. */
  @IsBoolean()
  online!: boolean;
}

/** schools → municipality: what the school saw about a pupil and substances (DPR 309/90). */
export class SubstanceUseReportedV1 extends SchoolReportFields {
  static readonly type = 'schools.substance-use.reported.v1';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSTANCE_OBSERVATIONS.length)
  @ArrayUnique()
  @IsIn(SUBSTANCE_OBSERVATIONS, { each: true })
  observed!: SubstanceObservation[];
}

/** schools → municipality: signs of juvenile distress. */
export class SocialDistressReportedV1 extends SchoolReportFields {
  static readonly type = 'schools.social-distress.reported.v1';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISTRESS_SIGNS.length)
  @ArrayUnique()
  @IsIn(DISTRESS_SIGNS, { each: true })
  signs!: DistressSign[];
}

/** schools → municipality: harm to the child (segnalazione di pregiudizio), naming what was observed. */
export class HarmReportedV1 extends SchoolReportFields {
  static readonly type = 'schools.harm.reported.v1';

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HARM_OBSERVATIONS.length)
  @ArrayUnique()
  @IsIn(HARM_OBSERVATIONS, { each: true })
  observed!: HarmObservation[];
}

/** The events of the reports that go straight to social services. */
export const SOCIAL_REPORT_EVENTS = [BullyingReportedV1, SubstanceUseReportedV1, SocialDistressReportedV1, HarmReportedV1] as const;
export type SocialReportEvent = BullyingReportedV1 | SubstanceUseReportedV1 | SocialDistressReportedV1 | HarmReportedV1;
