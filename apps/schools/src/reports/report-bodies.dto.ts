import { ApiProperty } from '@nestjs/swagger';
import {
  ABSENCE_CATEGORIES,
  AbsenceFigures,
  type AbsenceCategory,
  PupilIdentity,
  REPORT_CONCERNS,
  type ReportConcern,
  ReportingSchool,
  Residence,
} from '@casenet/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Body of POST /reports. Nested shapes are the shared contract value objects. */
export class FileReportDto {
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

  @ApiProperty({ required: false, maxLength: 4000, description: 'Free-text notes for the dropout unit only' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}
