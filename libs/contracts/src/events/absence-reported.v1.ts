import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsDefined, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ABSENCE_CATEGORIES, AbsenceFigures, type AbsenceCategory, PupilIdentity, ReportingSchool, Residence } from './value-objects.js';
import { REPORT_CONCERNS, type ReportConcern } from './referral-codes.js';
import { ReportStatistics } from './report-kinds.js';

/**
 * schools → municipality: a school reports a pupil who never attended or attends irregularly.
 * The dropout unit needs the whole report to screen it, including the school's notes.
 * The statistics fields (school year, citizenship, track) came later, as optional fields.
 */
export class AbsenceReportedV1 extends ReportStatistics {
  static readonly type = 'schools.absence.reported.v1';

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

  @IsIn(ABSENCE_CATEGORIES)
  category!: AbsenceCategory;

  @IsDefined()
  @ValidateNested()
  @Type(() => AbsenceFigures)
  absence!: AbsenceFigures;

  /** What else the school saw (bullying, substance use, harm…): added in v1 as an optional field. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REPORT_CONCERNS.length)
  @ArrayUnique()
  @IsIn(REPORT_CONCERNS, { each: true })
  concerns?: ReportConcern[];

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @IsISO8601({ strict: true })
  reportedAt!: string;
}
