import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
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

/**
 * Documents a list route's `Page<T>` for the OpenAPI document (and so for every typed client):
 * swagger cannot see through the generic.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function ApiPage(item: Function): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description: 'One page of the matching items, and how many match in all',
      schema: {
        type: 'object',
        required: ['items', 'total'],
        properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } }, total: { type: 'integer', minimum: 0 } },
      },
    }),
  );
}
