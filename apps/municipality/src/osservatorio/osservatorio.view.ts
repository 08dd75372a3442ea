import { ApiProperty } from '@nestjs/swagger';
import type { PublishedTable } from '@casenet/statistics';

/** One published table. Labels (Italian, English) are the UI's: the API gives keys. */
export class OsservatorioTableView implements PublishedTable {
  @ApiProperty({ example: 'funnel.by-municipio' }) key!: string;
  @ApiProperty({ example: 5, description: 'Cells below it are suppressed (OSSERVATORIO_MIN_CELL)' }) threshold!: number;
  @ApiProperty({ type: [String], description: 'Every category, whether or not it has data' }) rows!: string[];
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer', nullable: true } },
    description: 'cells[row][column]: a count, or null when suppressed',
  })
  cells!: Record<string, Record<string, number | null>>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description:
      'The whole population’s column totals; null where the column is withheld (a small total, or one that would give a small one away). Why a cell is hidden is never published (ADR 0023).',
  })
  total!: Record<string, number | null>;
}

export class OsservatorioYearsView {
  @ApiProperty({ type: [String], example: ['2023/24', '2022/23'], description: 'School years with at least one report or case, newest first' })
  years!: string[];
}
