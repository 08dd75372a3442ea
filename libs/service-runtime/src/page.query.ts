import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Past any list this service will hold; bounded so it never reaches PostgreSQL's bigint range. */
export const MAX_OFFSET = 1_000_000;

/** `?limit=&offset=` on every list route. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

/**
 * What every list route answers: one page of the matching items, and how many match in all. The
 * access log reads the cases a page discloses from its `items`.
 */
export interface Page<T> {
  items: T[];
  total: number;
}
