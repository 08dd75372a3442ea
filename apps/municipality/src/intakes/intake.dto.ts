import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ABSENCE_CATEGORIES, type AbsenceCategory, PupilIdentity, ReportingSchool, Residence } from '@casenet/contracts';
import { CITIZENSHIP_CATEGORIES, type CitizenshipCategory } from '../programmes/citizenship.js';

/** A child who reaches the unit another way than a school report: what the unit needs to open the case. */
export class IntakeDto {
  @ApiProperty({ type: PupilIdentity })
  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @ApiProperty({ type: Residence })
  @IsDefined()
  @ValidateNested()
  @Type(() => Residence)
  residence!: Residence;

  @ApiProperty({ type: ReportingSchool, description: 'The school the child attends, or last attended' })
  @IsDefined()
  @ValidateNested()
  @Type(() => ReportingSchool)
  school!: ReportingSchool;

  @ApiProperty({ enum: ABSENCE_CATEGORIES, example: 'irregular_attendance' })
  @IsIn(ABSENCE_CATEGORIES)
  category!: AbsenceCategory;

  @ApiProperty({ enum: CITIZENSHIP_CATEGORIES, example: 'non_italian', description: 'The child’s citizenship category (`newly_arrived` is non-Italian)' })
  @IsIn(CITIZENSHIP_CATEGORIES)
  citizenship!: CitizenshipCategory;

  @ApiProperty({ required: false, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

/** Local services (servizi territoriali) report a child they follow. */
export class LocalServicesReportDto extends IntakeDto {
  @ApiProperty({ example: 'Servizio sociale territoriale, Municipio 4', description: 'The local service reporting the child' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  service!: string;
}

/** A family comes to the unit of its own accord; the caseworker at the desk records it. */
export class SpontaneousAccessDto extends IntakeDto {}
