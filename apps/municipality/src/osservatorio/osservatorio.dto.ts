import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsSchoolYear, SCHOOL_YEAR_PATTERN } from '@casenet/contracts';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class OsservatorioQuery {
  @ApiProperty({ example: '2022/23', pattern: SCHOOL_YEAR_PATTERN.source, description: 'School year: four digits, a slash, the next year’s last two' })
  @IsSchoolYear()
  schoolYear!: string;
}

/** A table key's shape, `<subject>.by-<breakdown>`: a malformed one is a 400, an unknown one of this shape a 404. */
export const TABLE_KEY_PATTERN = /^[a-z]+\.by-[a-z-]+$/;

export class OsservatorioTableParams {
  @ApiProperty({ example: 'funnel.by-level', pattern: TABLE_KEY_PATTERN.source })
  @Matches(TABLE_KEY_PATTERN, { message: 'key must be a table key such as funnel.by-level' })
  key!: string;
}

export const TABLE_FORMATS = ['json', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export class OsservatorioTableQuery extends OsservatorioQuery {
  @ApiPropertyOptional({ enum: TABLE_FORMATS, description: 'csv: the same as Accept: text/csv (a download, suppressed cells written "c")' })
  @IsOptional()
  @IsIn(TABLE_FORMATS)
  format?: TableFormat;
}
