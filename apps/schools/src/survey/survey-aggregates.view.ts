import { ApiProperty } from '@nestjs/swagger';
import type { CellRef, SuppressionReason } from '@casenet/statistics';
import type { CampaignRow } from './survey.store.js';

/** Why a cell is not published: the library's reasons, and the survey's few-institutions rule. */
export type SurveySuppressionReason = SuppressionReason | 'few_institutions';

/** A release as stored: the reasons stay here (and in survey_suppressions), never in what the UST reads (ADR 0023). */
export interface SurveyTable {
  key: string;
  threshold: number;
  rows: string[];
  columns: string[];
  cells: Record<string, Record<string, number | null>>;
  total: Record<string, number | null>;
  suppressed: (CellRef & { reason: SurveySuppressionReason })[];
}

export class SurveyTableView {
  @ApiProperty({ example: 'survey:2022/23' })
  key!: string;

  @ApiProperty({ type: [String], description: 'Every track, data or not' })
  rows!: string[];

  @ApiProperty({
    type: [String],
    description: '`<figure>.<area>` and `<figure>.total` for enrolled, withdrawn, transferredOut, irregularAttendance, neverAttended',
  })
  columns!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer', nullable: true } },
    description: 'cells[row][column]: students; null where suppressed',
  })
  cells!: Record<string, Record<string, number | null>>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description: 'Each column’s total over the tracks; null where the column is withheld (a small total, or one that would give a small one away)',
  })
  total!: Record<string, number | null>;
}

/** The UST's view of a campaign's figures: the latest release, and whether answers wait for the next. */
export class SurveyAggregatesView {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty({ example: '2022/23' })
  schoolYear!: string;

  @ApiProperty({ type: 'integer', description: 'Cells counting fewer students are suppressed' })
  threshold!: number;

  @ApiProperty({ type: 'integer', description: 'No published figure sums, or changes between releases by, fewer institutions than this' })
  minInstitutions!: number;

  @ApiProperty({ type: 'integer', description: 'Institutions that have completed the questionnaire now' })
  answered!: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  releaseId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the release shown was made; null before the first' })
  releasedAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'Institutions the release shown sums' })
  institutionsReleased!: number;

  @ApiProperty({ type: 'integer', description: 'Institutions whose answers arrived or changed since, waiting for the next release' })
  pending!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why this export made no new release' })
  heldBecause!: string | null;

  @ApiProperty({ type: () => SurveyTableView, nullable: true, description: 'Null until the first release' })
  table!: SurveyTableView | null;

  static of(args: {
    campaign: CampaignRow;
    threshold: number;
    minInstitutions: number;
    answered: number;
    release: { id: string; releasedAt: Date; versions: Record<string, string>; published: SurveyTable } | null;
    pending: number;
    heldBecause: string | null;
  }): SurveyAggregatesView {
    const { release } = args;
    return {
      campaignId: args.campaign.id,
      schoolYear: args.campaign.schoolYear,
      threshold: args.threshold,
      minInstitutions: args.minInstitutions,
      answered: args.answered,
      releaseId: release?.id ?? null,
      releasedAt: release ? new Date(release.releasedAt).toISOString() : null,
      institutionsReleased: release ? Object.keys(release.versions).length : 0,
      pending: args.pending,
      heldBecause: args.heldBecause,
      table: release
        ? {
            key: release.published.key,
            rows: release.published.rows,
            columns: release.published.columns,
            cells: release.published.cells,
            total: release.published.total,
          }
        : null,
    };
  }
}
