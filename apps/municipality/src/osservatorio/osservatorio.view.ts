import { ApiProperty } from '@nestjs/swagger';
import type { ProtectedTable, SuppressionReason } from '@casenet/statistics';

const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['primary', 'complementary', 'earlier_release'];

export class SuppressedCellView {
  @ApiProperty({ example: '3' }) row!: string;
  @ApiProperty({ example: 'forwarded_police' }) column!: string;
  @ApiProperty({
    enum: SUPPRESSION_REASONS,
    description: 'primary: fewer than the threshold; complementary: it would give a primary cell away; earlier_release: suppressed in an earlier export',
  })
  reason!: SuppressionReason;
}

/** One published table. Labels (Italian, English) are the UI's: the API gives keys. */
export class OsservatorioTableView implements ProtectedTable {
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
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'The whole population’s column totals: always published' })
  total!: Record<string, number>;
  @ApiProperty({ type: [SuppressedCellView] }) suppressed!: SuppressedCellView[];
}

export class OsservatorioYearsView {
  @ApiProperty({ type: [String], example: ['2023/24', '2022/23'], description: 'School years with at least one report or case, newest first' })
  years!: string[];
}
