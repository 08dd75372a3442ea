import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Principal } from '@casenet/auth';
import type { SchoolTrack } from '@casenet/contracts';
import { Clock, type Page, ProblemException } from '@casenet/service-runtime';
import { DataSource, type EntityManager } from 'typeorm';
import type { GeneralAnswerDto, TrackAnswerDto } from './survey.dto.js';
import { trackFigureProblems } from './survey.rules.js';
import { campaignsAddressing, type CampaignRow, findCampaign, institutionOfCode, institutionStates } from './survey.store.js';
import { QuestionnaireView } from './survey.views.js';

/**
 * A school answers the campaigns addressed to it, for the codes its token names. Answers may be
 * corrected until the deadline; after it a first answer is accepted and flagged late, a correction refused (409).
 */
@Injectable()
export class SurveyAnswersService {
  private readonly logger = new Logger(SurveyAnswersService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Every campaign addressed to one of the token's schools, newest year first. */
  async questionnaires(schoolCodes: readonly string[], limit: number, offset: number): Promise<Page<QuestionnaireView>> {
    const manager = this.dataSource.manager;
    const addressed = await campaignsAddressing(manager, schoolCodes);
    const now = this.clock.now();
    const items: QuestionnaireView[] = [];
    for (const { campaignId, answerCode } of addressed.slice(offset, offset + limit)) {
      const campaign = (await findCampaign(manager, campaignId)) as CampaignRow;
      const [state] = await institutionStates(manager, campaignId, [answerCode]);
      if (state) items.push(QuestionnaireView.of(campaign, state, now));
    }
    return { items, total: addressed.length };
  }

  async questionnaire(principal: Principal, campaignId: string, code: string): Promise<QuestionnaireView> {
    const { campaign } = await this.resolve(this.dataSource.manager, principal, campaignId, code);
    return this.view(campaign, code);
  }

  /** Part 1, once per institution; sending it again corrects it. */
  async answerGeneral(principal: Principal, campaignId: string, code: string, dto: GeneralAnswerDto): Promise<QuestionnaireView> {
    const campaign = await this.dataSource.transaction(async (manager) => {
      const { campaign } = await this.resolve(manager, principal, campaignId, code, true);
      const answered = (await manager.query(`SELECT track, enrolled FROM survey_track_answers WHERE campaign_id = $1 AND answer_code = $2`, [
        campaignId,
        code,
      ])) as {
        track: SchoolTrack;
        enrolled: number;
      }[];
      const now = this.clock.now();
      await this.refuseLateCorrection(
        manager,
        `SELECT 1 FROM survey_general_answers WHERE campaign_id = $1 AND answer_code = $2`,
        [campaignId, code],
        campaign,
        now,
        'part 1',
      );
      const dropped = answered.filter((a) => !dto.tracks.includes(a.track)).map((a) => a.track);
      const problems = [];
      if (dropped.length > 0) {
        problems.push({
          path: 'tracks',
          message: `part 2 is already answered for ${dropped.join(', ')}: tracks must keep them (correct their figures instead)`,
        });
      }
      const enrolledInTracks = answered.reduce((sum, a) => sum + a.enrolled, 0);
      if (dto.studentsEnrolled < enrolledInTracks) {
        problems.push({
          path: 'studentsEnrolled',
          message: `studentsEnrolled (${dto.studentsEnrolled}) cannot be fewer than the students enrolled in the tracks answered in part 2 (${enrolledInTracks})`,
        });
      }
      if (problems.length > 0) throw ProblemException.of('rule-violated', 422, problems.map((p) => p.message).join('; '), problems);
      await manager.query(
        `INSERT INTO survey_general_answers
           (campaign_id, answer_code, sites, students_enrolled, tracks, dropout_referent, listening_desk, first_answered_at, answered_at, answered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
         ON CONFLICT (campaign_id, answer_code) DO UPDATE SET
           sites = EXCLUDED.sites, students_enrolled = EXCLUDED.students_enrolled, tracks = EXCLUDED.tracks,
           dropout_referent = EXCLUDED.dropout_referent, listening_desk = EXCLUDED.listening_desk,
           answered_at = EXCLUDED.answered_at, answered_by = EXCLUDED.answered_by`,
        [campaignId, code, dto.sites, dto.studentsEnrolled, dto.tracks, dto.dropoutReferent, dto.listeningDesk, now, principal.subject],
      );
      return campaign;
    });
    this.logger.log({ msg: 'survey part 1 answered', campaignId, answerCode: code });
    return this.view(campaign, code);
  }

  /** Part 2 for one track: only after part 1, and only for a track part 1 declared. */
  async answerTrack(principal: Principal, campaignId: string, code: string, track: SchoolTrack, dto: TrackAnswerDto): Promise<QuestionnaireView> {
    const campaign = await this.dataSource.transaction(async (manager) => {
      const { campaign } = await this.resolve(manager, principal, campaignId, code, true);
      const general = (await manager.query(
        `SELECT students_enrolled AS "studentsEnrolled", tracks FROM survey_general_answers WHERE campaign_id = $1 AND answer_code = $2`,
        [campaignId, code],
      )) as { studentsEnrolled: number; tracks: SchoolTrack[] }[];
      const part1 = general[0];
      if (!part1) throw new ConflictException('part 2 opens once part 1 (the institution’s general data) is answered: answer part 1 first');
      if (!part1.tracks.includes(track)) {
        throw ProblemException.of('rule-violated', 422, `part 1 does not declare the ${track} track`, [
          { path: 'track', message: `${track} is not among the tracks part 1 declares (${part1.tracks.join(', ')}): add it there first` },
        ]);
      }
      const others = (await manager.query(
        `SELECT coalesce(sum(enrolled), 0)::int AS n FROM survey_track_answers WHERE campaign_id = $1 AND answer_code = $2 AND track <> $3`,
        [campaignId, code, track],
      )) as [{ n: number }];
      const problems = trackFigureProblems(dto, part1.studentsEnrolled, others[0].n);
      if (problems.length > 0) throw ProblemException.invalid(problems);
      const now = this.clock.now();
      await this.refuseLateCorrection(
        manager,
        `SELECT 1 FROM survey_track_answers WHERE campaign_id = $1 AND answer_code = $2 AND track = $3`,
        [campaignId, code, track],
        campaign,
        now,
        `part 2 (${track})`,
      );
      await manager.query(
        `INSERT INTO survey_track_answers
           (campaign_id, answer_code, track, enrolled, withdrawn, transferred_out, irregular_attendance, never_attended, first_answered_at, answered_at, answered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
         ON CONFLICT (campaign_id, answer_code, track) DO UPDATE SET
           enrolled = EXCLUDED.enrolled, withdrawn = EXCLUDED.withdrawn, transferred_out = EXCLUDED.transferred_out,
           irregular_attendance = EXCLUDED.irregular_attendance, never_attended = EXCLUDED.never_attended,
           answered_at = EXCLUDED.answered_at, answered_by = EXCLUDED.answered_by`,
        [campaignId, code, track, dto.enrolled, dto.withdrawn, dto.transferredOut, dto.irregularAttendance, dto.neverAttended, now, principal.subject],
      );
      return campaign;
    });
    this.logger.log({ msg: 'survey part 2 answered', campaignId, answerCode: code, track });
    return this.view(campaign, code);
  }

  /**
   * The campaign, and the institution `code` answers for. 404 when the campaign does not address
   * the code; 403 when the token does not act for it; 422 naming the code to use when the code is
   * one of a private institution's group but not its first in alphabetical order (the seed's rule).
   * `lock` serialises the writes of one institution.
   */
  private async resolve(manager: EntityManager, principal: Principal, campaignId: string, code: string, lock = false): Promise<{ campaign: CampaignRow }> {
    const campaign = await findCampaign(manager, campaignId);
    if (!campaign) throw new NotFoundException(`no survey campaign ${campaignId}`);
    const answerCode = await institutionOfCode(manager, campaignId, code);
    if (!answerCode) throw new NotFoundException(`survey campaign ${campaign.schoolYear} does not address school ${code}`);
    if (!principal.schoolCodes.includes(code)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: [`code: ${code} is not a school this token acts for (${principal.schoolCodes.join(', ')})`],
      });
    }
    if (answerCode !== code) {
      throw ProblemException.of(
        'rule-violated',
        422,
        `${code} belongs to a private institution with several codes, which answers under the first in alphabetical order: use ${answerCode}`,
        [{ path: 'code', message: `answer under ${answerCode}, the first of the institution's codes in alphabetical order, not ${code}` }],
      );
    }
    if (lock) await manager.query(`SELECT 1 FROM survey_institutions WHERE campaign_id = $1 AND answer_code = $2 FOR UPDATE`, [campaignId, code]);
    return { campaign };
  }

  /**
   * After the deadline a first answer is still taken (flagged late), a correction no longer: the
   * aggregates may have been released, and a figure that shrinks would let two releases be
   * compared to recover what moved (ADR 0023: tables only grow).
   */
  private async refuseLateCorrection(manager: EntityManager, sql: string, params: unknown[], campaign: CampaignRow, now: Date, what: string): Promise<void> {
    if (now < campaign.deadlineAt) return;
    const existing = (await manager.query(sql, params)) as unknown[];
    if (existing.length > 0)
      throw new ConflictException(`${what} is already answered and the deadline (${campaign.deadline}) has passed: corrections closed with it`);
  }

  private async view(campaign: CampaignRow, answerCode: string): Promise<QuestionnaireView> {
    const [state] = await institutionStates(this.dataSource.manager, campaign.id, [answerCode]);
    if (!state) throw new NotFoundException(`survey campaign ${campaign.schoolYear} does not address school ${answerCode}`);
    return QuestionnaireView.of(campaign, state, this.clock.now());
  }
}
