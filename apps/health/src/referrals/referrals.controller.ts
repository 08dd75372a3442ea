import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { AssignReferralDto, CompleteReferralDto, DeclineReferralDto, ReferralListQuery, StartCareDto } from './referral-commands.dto.js';
import { ReferralPage, ReferralSummary, ReferralView } from './referral.view.js';
import { ReferralsService } from './referrals.service.js';

const PURPOSE = 'health-referral';
const READ_BACK = { get: '/referrals/{id}', parameters: { id: '$request.path.id' } };
const Id = () => Param('id', new ParseUUIDPipe({ version: '4' }));

/**
 * Action routes answer with the referral's detail, identity included, so they are logged as
 * reads too: the access log must show every disclosure, not only those made by GET.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get()
  @ApiOperation({ summary: 'The ATS worklist: filter by state, concern, overdue flag or assignee; soonest answer due first by default' })
  @ApiOkResponse({ type: ReferralPage })
  @ApiPage(ReferralSummary)
  list(@Query() query: ReferralListQuery): Promise<Page<ReferralSummary>> {
    return this.referrals.list(query);
  }

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get(':id')
  @ApiOperation({ summary: 'One referral as ATS holds it: who, where, the coordinator’s notes, the clinical note and its history' })
  @ApiOkResponse({ type: ReferralView })
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  get(@Id() id: string): Promise<ReferralView> {
    return this.referrals.view(id);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a requested referral in charge; the municipality is told `accepted`' })
  @AnswersWithView(ReferralView, READ_BACK)
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  @ApiConflictResponse({ description: 'The referral is not in state requested' })
  accept(@Id() id: string, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.command(id, { kind: 'accept' }, who.subject);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a requested referral; the municipality gets the reason code' })
  @AnswersWithView(ReferralView, READ_BACK)
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  @ApiConflictResponse({ description: 'The referral is not in state requested' })
  decline(@Id() id: string, @Body() body: DeclineReferralDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.command(id, { kind: 'decline', reason: body.reason }, who.subject);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start care on an accepted referral at an ASST service (UONPIA, SerD, …); the municipality is told `in_progress`, the care path stays at ATS',
  })
  @AnswersWithView(ReferralView, READ_BACK)
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  @ApiConflictResponse({ description: 'The referral is not in state accepted' })
  start(@Id() id: string, @Body() body: StartCareDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.command(id, { kind: 'start' }, who.subject, { carePath: { asst: body.asst, service: body.service } });
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete an accepted or in-progress referral; the municipality gets the outcome code, the clinical note stays at ATS' })
  @AnswersWithView(ReferralView, READ_BACK)
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  @ApiConflictResponse({ description: 'The referral is not accepted or in progress' })
  complete(@Id() id: string, @Body() body: CompleteReferralDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.command(id, { kind: 'complete', outcome: body.outcome }, who.subject, { clinicalNote: body.clinicalNote });
  }

  @Allow('supervisor')
  @ReadsCaseData(PURPOSE)
  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand an open referral to another ATS worker (supervisors only); not reported to the municipality' })
  @AnswersWithView(ReferralView, READ_BACK)
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  @ApiConflictResponse({ description: 'The referral is closed' })
  assign(@Id() id: string, @Body() body: AssignReferralDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.assign(id, body.assignee, who.subject);
  }
}
