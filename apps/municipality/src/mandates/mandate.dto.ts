import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MANDATE_STATES, MANDATE_UPDATES, type MandateState, type MandateUpdate } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const REPORTS = MANDATE_UPDATES.filter((s) => s !== 'acknowledged');

export class MandateReportDto {
  @ApiProperty({ enum: REPORTS, example: 'care_started' })
  @IsIn(REPORTS)
  status!: Exclude<MandateUpdate, 'acknowledged'>;

  @ApiPropertyOptional({ maxLength: 4000, example: 'Educational support started; the family attends the weekly meetings.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  report?: string;
}

export class MandateListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MANDATE_STATES })
  @IsOptional()
  @IsIn(MANDATE_STATES)
  state?: MandateState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only mandates the municipality still owes the court something on' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only mandates not acknowledged in time' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}
