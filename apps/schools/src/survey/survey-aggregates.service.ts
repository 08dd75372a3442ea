import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { SchoolTrack } from '@casenet/contracts';
import { Clock } from '@casenet/service-runtime';
import { type CellRef, protectTable, tableCsv } from '@casenet/statistics';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { atomCounts, type Contribution, planRelease, surveyTableSpec } from './survey-release.rules.js';
import { completionOf } from './survey.rules.js';
import { SURVEY_SETTINGS, type SurveySettings } from './survey.settings.js';
import { type CampaignRow, findCampaign, institutionStates } from './survey.store.js';
import { SurveyAggregatesView, type SurveyTable } from './survey-aggregates.view.js';

interface ReleaseRow {
  id: string;
  releasedAt: Date;
  versions: Record<string, string>;
  published: SurveyTable;
}

/**
 * The UST's aggregates: figures by track and area over the institutions that completed, protected
 * with `protectTable` (primary, complementary and earlier-release suppression) plus the survey's
 * own rule that no published figure sums, or moves between releases by, fewer than
 * `minInstitutions` schools. Every export is a release: it is stored with the cells it suppressed,
 * and an export that may not make a new release serves the last one again.
 */
@Injectable()
export class SurveyAggregatesService {
  private readonly logger = new Logger(SurveyAggregatesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(SURVEY_SETTINGS) private readonly settings: SurveySettings,
  ) {}

  async aggregates(campaignId: string): Promise<SurveyAggregatesView> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await findCampaign(manager, campaignId);
      if (!campaign) throw new NotFoundException(`no survey campaign ${campaignId}`);
      const spec = surveyTableSpec(campaign.schoolYear);
      // Two exports at once must not each release on their own view of the suppressions.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [spec.key]);
      const contributions = await this.contributions(manager, campaign);
      const previous = await this.latest(manager, campaignId);
      const plan = planRelease(contributions, previous ? new Map(Object.entries(previous.versions)) : null, this.settings.minInstitutions, spec);
      const base = { campaign, threshold: this.settings.suppressionThreshold, minInstitutions: this.settings.minInstitutions, answered: contributions.length };
      if (!plan.release) return SurveyAggregatesView.of({ ...base, release: previous, pending: plan.changed, heldBecause: plan.reason });

      const stored = (await manager.query(`SELECT row_key AS row, column_key AS column FROM survey_suppressions WHERE table_key = $1`, [
        spec.key,
      ])) as CellRef[];
      const forced = new Set(plan.forced.map((c) => `${c.row}\u0000${c.column}`));
      const table = await protectTable(spec, atomCounts(contributions), {
        threshold: this.settings.suppressionThreshold,
        earlier: [...stored, ...plan.forced],
      });
      // The library calls every cell it was handed "earlier_release"; the survey's own rule is named for what it is.
      const earlier = new Set(stored.map((c) => `${c.row}\u0000${c.column}`));
      const published: SurveyTable = {
        ...table,
        suppressed: table.suppressed.map((cell) => {
          const id = `${cell.row}\u0000${cell.column}`;
          return cell.reason === 'earlier_release' && !earlier.has(id) && forced.has(id) ? { ...cell, reason: 'few_institutions' } : cell;
        }),
      };
      const release: ReleaseRow = {
        id: randomUUID(),
        releasedAt: this.clock.now(),
        versions: Object.fromEntries(contributions.map((c) => [c.answerCode, c.version])),
        published,
      };
      await manager.query(`INSERT INTO survey_releases (id, campaign_id, table_key, released_at, versions, published) VALUES ($1, $2, $3, $4, $5, $6)`, [
        release.id,
        campaignId,
        spec.key,
        release.releasedAt,
        JSON.stringify(release.versions),
        JSON.stringify(published),
      ]);
      for (const cell of published.suppressed) {
        await manager.query(
          `INSERT INTO survey_suppressions (table_key, row_key, column_key, reason, first_release_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [spec.key, cell.row, cell.column, cell.reason, release.id],
        );
      }
      this.logger.log({
        msg: 'survey aggregates released',
        campaignId,
        tableKey: spec.key,
        institutions: contributions.length,
        suppressed: published.suppressed.length,
      });
      return SurveyAggregatesView.of({ ...base, release, pending: 0, heldBecause: null });
    });
  }

  /** The CSV of the release the JSON answers (suppressed cells read `c`). */
  async csv(campaignId: string): Promise<string> {
    const view = await this.aggregates(campaignId);
    if (!view.table) throw new ConflictException(`no aggregates released yet: ${view.heldBecause ?? 'no institution has completed'}`);
    return tableCsv({ ...view.table, threshold: view.threshold });
  }

  /** The institutions that completed (part 1 and every declared track), with their figures per track. */
  private async contributions(manager: EntityManager, campaign: CampaignRow): Promise<Contribution[]> {
    const contributions: Contribution[] = [];
    for (const state of await institutionStates(manager, campaign.id)) {
      if (!state.general) continue;
      const completion = completionOf(
        {
          general: { firstAnsweredAt: state.general.firstAnsweredAt, tracks: state.general.tracks },
          tracks: new Map(state.tracks.map((t) => [t.track, t.firstAnsweredAt])),
        },
        campaign.deadlineAt,
      );
      if (completion.status !== 'answered' && completion.status !== 'late') continue;
      const times = [state.general.answeredAt, ...state.tracks.map((t) => t.answeredAt)].map((t) => t.getTime());
      contributions.push({
        answerCode: state.institution.answerCode,
        area: state.institution.area,
        version: new Date(Math.max(...times)).toISOString(),
        tracks: Object.fromEntries(state.tracks.map((t) => [t.track as SchoolTrack, t])),
      });
    }
    return contributions;
  }

  private async latest(manager: EntityManager, campaignId: string): Promise<ReleaseRow | null> {
    const rows = (await manager.query(
      `SELECT id, released_at AS "releasedAt", versions, published FROM survey_releases WHERE campaign_id = $1 ORDER BY released_at DESC, id LIMIT 1`,
      [campaignId],
    )) as ReleaseRow[];
    return rows[0] ?? null;
  }
}
