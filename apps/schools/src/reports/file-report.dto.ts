import { ApiProperty } from '@nestjs/swagger';
import {
  ABSENCE_CATEGORIES,
  AbsenceFigures,
  type AbsenceCategory,
  PupilIdentity,
  ReportingSchool,
  Residence,
} from '@casenet/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

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

  @ApiProperty({ required: false, maxLength: 4000, description: 'Free-text notes for the dropout unit only' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}
