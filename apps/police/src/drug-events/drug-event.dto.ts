import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@casenet/service-runtime';
import { type Erased, isErased } from '@casenet/privacy';
import { DRUG_EVENT_KINDS, type DrugEventKind, PupilIdentity } from '@casenet/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { DrugEvent, DrugEventPersonalData } from './drug-event.entity.js';

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

/** A drug event as the police recorded it: the pupil and the officers' note stay with police. */
export class DrugEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' }) caseref!: string;
  @ApiProperty({ enum: DRUG_EVENT_KINDS }) kind!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: Number }) municipio!: number | null;
  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' }) erased!: boolean;
  @ApiProperty({ nullable: true, type: () => PupilIdentity }) pupil!: PupilIdentity | null;
  @ApiProperty({ nullable: true, type: String, description: 'The officers’ account; never sent to other agencies' }) note!: string | null;
  @ApiProperty({ example: 'agente.verdi' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;

  static of(event: DrugEvent, personal: DrugEventPersonalData | Erased): DrugEventView {
    const erased = isErased(personal);
    return {
      id: event.id,
      caseref: event.caseref,
      kind: event.kind,
      occurredAt: event.occurredAt.toISOString(),
      municipio: event.municipio,
      erased,
      pupil: erased ? null : personal.pupil,
      note: erased ? null : (personal.note ?? null),
      recordedBy: event.recordedBy,
      recordedAt: event.recordedAt.toISOString(),
    };
  }
}

export const DRUG_EVENT_SORTS = ['occurredAt', 'recordedAt'] as const;

/** The drug events worklist: by kind, municipio, when it happened; newest first by default. */
export class DrugEventListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DRUG_EVENT_KINDS })
  @IsOptional()
  @IsIn(DRUG_EVENT_KINDS)
  kind?: DrugEventKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, example: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  municipio?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Occurred before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: DRUG_EVENT_SORTS, default: 'occurredAt' })
  @IsOptional()
  @IsIn(DRUG_EVENT_SORTS)
  sort: (typeof DRUG_EVENT_SORTS)[number] = 'occurredAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}

export class DrugEventPage {
  @ApiProperty({ type: [DrugEventView] }) items!: DrugEventView[];
  @ApiProperty({ example: 1 }) total!: number;
}
