import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DomainRuleError, type FieldProblem } from '@casenet/contracts';
import { Clock, type Page, ProblemException } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { OpenCampaignDto } from './survey.dto.js';
import { answerCodeOf, endOfItalianDay, schoolYearStart } from './survey.rules.js';
import { findCampaign, institutionStates, listCampaigns } from './survey.store.js';
import { CampaignCompletionView, SurveyCampaignView } from './survey.views.js';

@Injectable()
export class SurveyCampaignsService {
  private readonly logger = new Logger(SurveyCampaignsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The UST opens the year's campaign; one per school year (409 on a second). */
  async open(dto: OpenCampaignDto, openedBy: string): Promise<SurveyCampaignView> {
    const problems = institutionProblems(dto);
    if (problems.length > 0) throw ProblemException.invalid(problems);
    const now = this.clock.now();
    if (dto.deadline < schoolYearStart(dto.schoolYear)) {
      throw ProblemException.of('rule-violated', 422, 'the deadline falls before the school year starts', [
        { path: 'deadline', message: `deadline must be on or after ${schoolYearStart(dto.schoolYear)}, when school year ${dto.schoolYear} starts` },
      ]);
    }
    const deadlineAt = endOfItalianDay(dto.deadline);
    if (deadlineAt <= now) {
      throw ProblemException.of('rule-violated', 422, 'the deadline has already passed', [
        { path: 'deadline', message: `deadline ${dto.deadline} has already passed: a campaign opens for answers to come` },
      ]);
    }
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const clash = (await manager.query(`SELECT 1 FROM survey_campaigns WHERE school_year = $1`, [dto.schoolYear])) as unknown[];
      if (clash.length > 0) throw new DomainRuleError('already-exists', `a campaign for school year ${dto.schoolYear} is already open: one campaign per year`);
      try {
        await manager.query(`INSERT INTO survey_campaigns (id, school_year, deadline, deadline_at, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          id,
          dto.schoolYear,
          dto.deadline,
          deadlineAt,
          openedBy,
          now,
        ]);
      } catch (error) {
        // Two UST users opening the same year at once: the unique school year decides.
        if ((error as { code?: string }).code === '23505')
          throw new DomainRuleError('already-exists', `a campaign for school year ${dto.schoolYear} is already open: one campaign per year`);
        throw error;
      }
      for (const [position, institution] of dto.institutions.entries()) {
        const codes = [...new Set([institution.code, ...(institution.codes ?? [])])].sort();
        const answerCode = answerCodeOf(codes);
        await manager.query(
          `INSERT INTO survey_institutions (campaign_id, answer_code, code, codes, name, area, private, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, answerCode, institution.code, codes, institution.name.trim(), institution.area, institution.private, position],
        );
        for (const code of codes) {
          await manager.query(`INSERT INTO survey_institution_codes (campaign_id, code, answer_code) VALUES ($1, $2, $3)`, [id, code, answerCode]);
        }
      }
    });
    this.logger.log({ msg: 'survey campaign opened', campaignId: id, schoolYear: dto.schoolYear, institutions: dto.institutions.length });
    return this.view(id);
  }

  async list(limit: number, offset: number): Promise<Page<SurveyCampaignView>> {
    const { rows, total } = await listCampaigns(this.dataSource.manager, limit, offset);
    const now = this.clock.now();
    const items = await Promise.all(
      rows.map(async (row) =>
        SurveyCampaignView.of(
          row,
          (await institutionStates(this.dataSource.manager, row.id)).map((s) => s.institution),
          now,
        ),
      ),
    );
    return { items, total };
  }

  async view(id: string): Promise<SurveyCampaignView> {
    const campaign = await this.campaign(id);
    const states = await institutionStates(this.dataSource.manager, id);
    return SurveyCampaignView.of(
      campaign,
      states.map((s) => s.institution),
      this.clock.now(),
    );
  }

  /** Who answered, who is partial, late or missing, who was reminded: statuses and times, never figures. */
  async completion(id: string): Promise<CampaignCompletionView> {
    const campaign = await this.campaign(id);
    return CampaignCompletionView.of(campaign, await institutionStates(this.dataSource.manager, id), this.clock.now());
  }

  private async campaign(id: string) {
    const campaign = await findCampaign(this.dataSource.manager, id);
    if (!campaign) throw new NotFoundException(`no survey campaign ${id}`);
    return campaign;
  }
}

/** The list's own consistency: groups only for private institutions, each code addressed once. */
function institutionProblems(dto: OpenCampaignDto): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  dto.institutions.forEach((institution, index) => {
    const path = `institutions[${index}]`;
    if (institution.codes !== undefined) {
      if (!institution.private) problems.push({ path: `${path}.codes`, message: 'only a private (paritaria) institution holds a group of codes' });
      if (!institution.codes.includes(institution.code))
        problems.push({ path: `${path}.codes`, message: `codes must include the institution's code ${institution.code}` });
    }
    for (const code of new Set([institution.code, ...(institution.codes ?? [])])) {
      const earlier = seen.get(code);
      if (earlier !== undefined) problems.push({ path: `${path}.code`, message: `${code} is already addressed as institutions[${earlier}]` });
      else seen.set(code, index);
    }
  });
  return problems;
}
