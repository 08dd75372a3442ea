import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DRUG_EVENT_KINDS, type DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class RecordDrugEventDto {
  @ApiProperty({ type: () => PupilIdentity })
  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @ApiProperty({ enum: DRUG_EVENT_KINDS, example: 'possession_for_personal_use' })
  @IsIn(DRUG_EVENT_KINDS)
  kind!: DrugEventKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  municipio?: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T08:15:00Z' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Kept by police; never sent to other agencies' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DrugEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' }) caseref!: string;
  @ApiProperty({ enum: DRUG_EVENT_KINDS }) kind!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true }) municipio!: number | null;
}
