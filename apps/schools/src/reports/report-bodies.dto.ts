import { ApiProperty } from '@nestjs/swagger';
import {
  ABSENCE_CATEGORIES,
  AbsenceFigures,
  type AbsenceCategory,
  BULLYING_ROLES,
  type BullyingRole,
  DISTRESS_SIGNS,
  type DistressSign,
  HARM_OBSERVATIONS,
  type HarmObservation,
  PupilIdentity,
  REPORT_CONCERNS,
  type ReportConcern,
  type ReportKind,
  ReportingSchool,
  ReportStatistics,
  Residence,
  SUBSTANCE_OBSERVATIONS,
  type SubstanceObservation,
} from '@casenet/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/**
 * What every report body carries, whatever its kind: the pupil, the residence, the school, the
 * statistics fields (school year, citizenship, track) and the school's notes. Nested shapes are the
 * shared contract value objects. Each kind adds its own fields and no others (ADR 0020).
 */
export abstract class ReportBodyFields extends ReportStatistics {
  @ApiProperty({ type: () => PupilIdentity })
  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @ApiProperty({ type: () => Residence })
  @IsDefined()
  @ValidateNested()
  @Type(() => Residence)
  residence!: Residence;

  @ApiProperty({ type: () => ReportingSchool })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReportingSchool)
  school!: ReportingSchool;

  @ApiProperty({ required: false, maxLength: 4000, description: 'Free-text notes for the municipality only' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

/** A non-attendance report (never attended, irregular); a body without `kind` is one, as before kinds existed. */
export class FileReportDto extends ReportBodyFields {
  @ApiProperty({ required: false, enum: ['absence'], description: 'Optional for absence reports' })
  @IsOptional()
  @IsIn(['absence'])
  kind?: 'absence';

  @ApiProperty({ enum: ABSENCE_CATEGORIES })
  @IsIn(ABSENCE_CATEGORIES)
  category!: AbsenceCategory;

  @ApiProperty({ type: () => AbsenceFigures })
  @IsDefined()
  @ValidateNested()
  @Type(() => AbsenceFigures)
  absence!: AbsenceFigures;

  @ApiProperty({
    required: false,
    enum: REPORT_CONCERNS,
    isArray: true,
    example: ['bullying'],
    description: 'What else the school saw; grounds for the municipality to refer the child to ATS or the juvenile court',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_CONCERNS.length)
  @ArrayUnique()
  @IsIn(REPORT_CONCERNS, { each: true })
  concerns?: ReportConcern[];
}

/** Bullying (L. 71/2017): the pupil's role and whether it happened (also) online. The pupil may attend regularly. */
export class BullyingReportDto extends ReportBodyFields {
  @ApiProperty({ enum: ['bullying'] })
  @IsIn(['bullying'])
  kind!: 'bullying';

  @ApiProperty({ enum: BULLYING_ROLES })
  @IsIn(BULLYING_ROLES)
  role!: BullyingRole;

  @ApiProperty({ description: 'Whether it happened (also) online' })
  @IsBoolean()
  online!: boolean;
}

/** Cyberbullying (L. 71/2017): online by definition, so only the pupil's role. */
export class CyberbullyingReportDto extends ReportBodyFields {
  @ApiProperty({ enum: ['cyberbullying'] })
  @IsIn(['cyberbullying'])
  kind!: 'cyberbullying';

  @ApiProperty({ enum: BULLYING_ROLES })
  @IsIn(BULLYING_ROLES)
  role!: BullyingRole;
}

export class SubstanceUseReportDto extends ReportBodyFields {
  @ApiProperty({ enum: ['substance_use'] })
  @IsIn(['substance_use'])
  kind!: 'substance_use';

  @ApiProperty({ enum: SUBSTANCE_OBSERVATIONS, isArray: true, description: 'What the school saw (facts, never a diagnosis)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSTANCE_OBSERVATIONS.length)
  @ArrayUnique()
  @IsIn(SUBSTANCE_OBSERVATIONS, { each: true })
  observed!: SubstanceObservation[];
}

export class SocialDistressReportDto extends ReportBodyFields {
  @ApiProperty({ enum: ['social_distress'] })
  @IsIn(['social_distress'])
  kind!: 'social_distress';

  @ApiProperty({ enum: DISTRESS_SIGNS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISTRESS_SIGNS.length)
  @ArrayUnique()
  @IsIn(DISTRESS_SIGNS, { each: true })
  signs!: DistressSign[];
}

/** Harm to the child (segnalazione di pregiudizio): what was observed; sealed at rest and on the wire like every personal datum. */
export class HarmReportDto extends ReportBodyFields {
  @ApiProperty({ enum: ['harm_to_child'] })
  @IsIn(['harm_to_child'])
  kind!: 'harm_to_child';

  @ApiProperty({ enum: HARM_OBSERVATIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HARM_OBSERVATIONS.length)
  @ArrayUnique()
  @IsIn(HARM_OBSERVATIONS, { each: true })
  observed!: HarmObservation[];
}

/** The body class of each kind: `POST /reports` validates against the one its `kind` names. */
export const REPORT_BODIES = {
  absence: FileReportDto,
  bullying: BullyingReportDto,
  cyberbullying: CyberbullyingReportDto,
  substance_use: SubstanceUseReportDto,
  social_distress: SocialDistressReportDto,
  harm_to_child: HarmReportDto,
} as const satisfies Record<ReportKind, new () => ReportBodyFields>;

export type ReportBody = InstanceType<(typeof REPORT_BODIES)[ReportKind]>;
