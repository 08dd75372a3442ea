import { ApiPropertyOptional } from '@nestjs/swagger';
import { DRUG_EVENT_KINDS, type DrugEventKind } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** The signals worklist: `?matched=false` lists those about children with no open case. */
export class SignalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only signals about a child with an open case (or only those without one)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  matched?: 'true' | 'false';

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

  @ApiPropertyOptional({ enum: ['occurredAt', 'receivedAt'], default: 'receivedAt' })
  @IsOptional()
  @IsIn(['occurredAt', 'receivedAt'])
  sort: 'occurredAt' | 'receivedAt' = 'receivedAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
