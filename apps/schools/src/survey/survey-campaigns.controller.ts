import { Body, Controller, Get, Header, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@casenet/auth';
import { AnswersWithView, ApiPage, type Page, PageQuery } from '@casenet/service-runtime';
import { CampaignParams, OpenCampaignDto } from './survey.dto.js';
import { SurveyCampaignsService } from './survey-campaigns.service.js';
import { CampaignCompletionView, SurveyCampaignView } from './survey.views.js';
import { SurveyAggregatesService } from './survey-aggregates.service.js';
import { SurveyAggregatesView } from './survey-aggregates.view.js';

/** The school office's side of the survey: it opens the campaigns and follows who answered. */
@ApiTags('survey')
@ApiBearerAuth()
@Controller('survey/campaigns')
export class SurveyCampaignsController {
  constructor(
    private readonly campaigns: SurveyCampaignsService,
    private readonly aggregates: SurveyAggregatesService,
  ) {}

  @Allow('ust')
  @Post()
  @ApiOperation({
    summary: 'Open the dropout survey of a school year (one campaign per year: a second answers 409), with its deadline and the institutions addressed',
  })
  @AnswersWithView(SurveyCampaignView, { get: '/survey/campaigns/{campaignId}', parameters: { campaignId: '$response.body#/id' }, status: 201 })
  open(@Body() body: OpenCampaignDto, @CurrentPrincipal() principal: Principal): Promise<SurveyCampaignView> {
    return this.campaigns.open(body, principal.subject);
  }

  @Allow('ust')
  @Get()
  @ApiOperation({ summary: 'The survey campaigns, newest school year first' })
  @ApiPage(SurveyCampaignView)
  list(@Query() page: PageQuery): Promise<Page<SurveyCampaignView>> {
    return this.campaigns.list(page.limit, page.offset);
  }

  @Allow('ust')
  @Get(':campaignId')
  @ApiOperation({ summary: 'One campaign and the institutions it addresses' })
  @ApiOkResponse({ type: SurveyCampaignView })
  get(@Param() { campaignId }: CampaignParams): Promise<SurveyCampaignView> {
    return this.campaigns.view(campaignId);
  }

  @Allow('ust')
  @Get(':campaignId/completion')
  @ApiOperation({
    summary: 'Who answered, who is partial, late or missing, and who was reminded: per institution, statuses and times only, never its figures',
  })
  @ApiOkResponse({ type: CampaignCompletionView })
  completion(@Param() { campaignId }: CampaignParams): Promise<CampaignCompletionView> {
    return this.campaigns.completion(campaignId);
  }

  @Allow('ust')
  @Get(':campaignId/aggregates')
  @ApiOperation({
    summary:
      'Figures by track and area over the institutions that completed, small cells suppressed (with complements, and every cell suppressed before kept so); each export is a release, or serves the last one while too few answers changed',
  })
  @ApiOkResponse({ type: SurveyAggregatesView })
  aggregatesJson(@Param() { campaignId }: CampaignParams): Promise<SurveyAggregatesView> {
    return this.aggregates.aggregates(campaignId);
  }

  @Allow('ust')
  @Get(':campaignId/aggregates.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="rilevazione-dispersione.csv"')
  @ApiOperation({ summary: 'The same release as CSV, one line per track and the totals last; a suppressed cell reads `c` (409 before the first release)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'CSV' })
  @ApiConflictResponse({ description: 'No release yet' })
  aggregatesCsv(@Param() { campaignId }: CampaignParams): Promise<string> {
    return this.aggregates.csv(campaignId);
  }
}
