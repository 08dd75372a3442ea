import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COURT_GROUNDS, type CourtGrounds } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PROCEEDING_STATES, type ProceedingState } from './proceeding-lifecycle.rules.js';

export class RegisterProceedingDto {
  @ApiProperty({ example: 'VG 123/2026', description: 'Registry number: register letters, number, year' })
  @Matches(/^[A-Z]{1,5} \d{1,7}\/\d{4}$/, { message: 'docket must read like VG 123/2026' })
  docket!: string;
}

export class AssignmentDto {
  @ApiProperty({ example: 'giudice.rossi', description: 'The judge or registry clerk who takes the proceeding' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assignee!: string;
}

/** Query strings carry text; `?overdue=true` must mean the boolean, and anything else a 400. */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ProceedingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROCEEDING_STATES })
  @IsOptional()
  @IsIn(PROCEEDING_STATES)
  state?: ProceedingState;

  @ApiPropertyOptional({ enum: COURT_GROUNDS })
  @IsOptional()
  @IsIn(COURT_GROUNDS)
  grounds?: CourtGrounds;

  @ApiPropertyOptional({ type: Boolean, description: 'Open proceedings the municipality reported overdue' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ example: 'giudice.rossi' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @ApiPropertyOptional({ enum: ['respondBy', 'receivedAt'], default: 'respondBy' })
  @IsOptional()
  @IsIn(['respondBy', 'receivedAt'])
  sort: 'respondBy' | 'receivedAt' = 'respondBy';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
