import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CASE_CLOSURES, CASE_STATES, type CaseClosure, type CaseState } from './case-lifecycle.rules.js';
import { PageQuery } from '@casenet/service-runtime';
import { CARE_LEVELS, type CareLevel, WAYS_IN, type WayIn } from './ways-in.js';
import { CITIZENSHIP_CATEGORIES, type CitizenshipCategory } from '../programmes/citizenship.js';

/** A programme id of the catalogue (`GET /programmes`); which ids exist is the catalogue's, checked with its rules (422). */
const PROGRAMME_ID = /^[a-z][a-z0-9_]{0,63}$/;
import { REPORT_KINDS, type ReportKind } from '@casenet/contracts';

export class TakeInChargeDto {
  @ApiProperty({
    required: false,
    example: 'tutoring_educativo',
    description: 'One programme (the body before programmes existed; still accepted). Give this or `programmes`.',
  })
  @ValidateIf((body: TakeInChargeDto) => body.programmes === undefined || body.programme !== undefined)
  @IsString()
  @Matches(PROGRAMME_ID, { message: 'programme must be a programme id of the catalogue' })
  programme?: string;

  @ApiProperty({
    required: false,
    type: [String],
    example: ['tutoring_educativo', 'poli_start'],
    description: 'The programmes of the catalogue (`GET /programmes`) the child is taken in charge with; each must admit the child (422 names the unmet rule)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(PROGRAMME_ID, { each: true, message: 'each programme must be a programme id of the catalogue' })
  programmes?: string[];

  @ApiProperty({
    required: false,
    enum: CITIZENSHIP_CATEGORIES,
    description: 'The child’s citizenship category, when the case does not know it yet (programmes with a citizenship rule need it)',
  })
  @IsOptional()
  @IsIn(CITIZENSHIP_CATEGORIES)
  citizenship?: CitizenshipCategory;

  @ApiProperty({ example: 'Educatrice M. Bianchi', description: 'The educator assigned to the child' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  educator!: string;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CASE_CLOSURES, example: 'resolved' })
  @IsIn(CASE_CLOSURES)
  reason!: CaseClosure;
}

export class AssignmentDto {
  @ApiProperty({ example: 'caseworker-m.bianchi', description: 'The caseworker (token subject) who takes the case over' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assignee!: string;
}

/** Worklist orders: by opening or by last change, oldest first; `-` newest first. */
export const CASE_SORTS = ['opened', '-opened', 'updated', '-updated'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export class CaseListQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'Only cases assigned to this caseworker' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @ApiProperty({ enum: CASE_STATES, required: false })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiProperty({ enum: REPORT_KINDS, required: false, description: 'Only cases with a report of this kind' })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;
  @ApiProperty({ enum: CARE_LEVELS, required: false, description: 'Only cases at this care level' })
  @IsOptional()
  @IsIn(CARE_LEVELS)
  careLevel?: CareLevel;

  @ApiProperty({ enum: WAYS_IN, required: false, description: 'Only cases that came this way' })
  @IsOptional()
  @IsIn(WAYS_IN)
  wayIn?: WayIn;

  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 1,
    maximum: 9,
    description: 'Only cases with a report of a child living in this municipio of Milan',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9)
  municipio?: number;

  @ApiProperty({ enum: ['true', 'false'], required: false, description: 'Only cases with (true) or without (false) a passed deadline' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiProperty({ enum: CASE_SORTS, required: false, default: 'opened', description: 'Order: by opening or last change, oldest first; `-` newest first' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort?: CaseSort;
}

/** The programmes a take-in-charge body names: `programmes`, plus the single `programme` of the older body. */
export function programmesOf(body: TakeInChargeDto): string[] {
  return [...new Set([...(body.programme === undefined ? [] : [body.programme]), ...(body.programmes ?? [])])];
}
