import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@casenet/auth';
import { AnswersWithView, ApiPage, type Page, PageQuery } from '@casenet/service-runtime';
import { CampaignParams, OpenCampaignDto } from './survey.dto.js';
import { SurveyCampaignsService } from './survey-campaigns.service.js';
import { CampaignCompletionView, SurveyCampaignView } from './survey.views.js';

/** The school office's side of the survey: it opens the campaigns and follows who answered. */
@ApiTags('survey')
@ApiBearerAuth()
@Controller('survey/campaigns')
export class SurveyCampaignsController {
  constructor(private readonly campaigns: SurveyCampaignsService) {}

  @Allow('ust')
  @Post()
  @ApiOperation({
    summary: 'Open the dropout survey of a school year (one campaign per year: a second answers 409), with its deadline and the institutions addressed',
  })
  @AnswersWithView(SurveyCampaignView, { get: '/survey/campaigns/{campaignId}', parameters: { campaignId: '$response.body#/id' }, status: 201 })
  open(@Body() body: OpenCampaignDto, @CurrentPrincipal() principal: Principal): Promise<SurveyCampaignView> {
    return this.campaigns.open(body, principal.subject);
  }

  @Allow('ust', 'auditor')
  @Get()
  @ApiOperation({ summary: 'The survey campaigns, newest school year first' })
  @ApiPage(SurveyCampaignView)
  list(@Query() page: PageQuery): Promise<Page<SurveyCampaignView>> {
    return this.campaigns.list(page.limit, page.offset);
  }

  @Allow('ust', 'auditor')
  @Get(':campaignId')
  @ApiOperation({ summary: 'One campaign and the institutions it addresses' })
  @ApiOkResponse({ type: SurveyCampaignView })
  get(@Param() { campaignId }: CampaignParams): Promise<SurveyCampaignView> {
    return this.campaigns.view(campaignId);
  }

  @Allow('ust', 'auditor')
  @Get(':campaignId/completion')
  @ApiOperation({
    summary: 'Who answered, who is partial, late or missing, and who was reminded: per institution, statuses and times only, never its figures',
  })
  @ApiOkResponse({ type: CampaignCompletionView })
  completion(@Param() { campaignId }: CampaignParams): Promise<CampaignCompletionView> {
    return this.campaigns.completion(campaignId);
  }
}
