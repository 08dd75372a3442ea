import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, CaserefParam, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { NewReferralDto, ReferralListQuery, ReferralParams, WithdrawReferralDto } from './referral.dto.js';
import { ReferralView } from './referral.view.js';
import { ReferralsService } from './referrals.service.js';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get('referrals')
  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @ApiOperation({ summary: 'Worklist of every referral the municipality raised: filter by agency, state, overdue; sort and page' })
  @ApiPage(ReferralView)
  list(@Query() query: ReferralListQuery): Promise<Page<ReferralView>> {
    return this.referrals.list(query);
  }

  @Get('referrals/:referralId')
  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @ApiOperation({ summary: 'One referral of the web (police verification, ATS, court): its state, codes and deadlines' })
  @ApiOkResponse({ type: ReferralView })
  @ApiNotFoundResponse({ description: 'No referral with this id' })
  get(@Param('referralId', new ParseUUIDPipe({ version: '4' })) referralId: string): Promise<ReferralView> {
    return this.referrals.view(referralId);
  }

  @Post('cases/:caseref/referrals')
  @ReadsCaseData('case-coordination')
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Refer the child to ATS (a concern the case raises) or to the juvenile court (persistent evasion, harm)' })
  @AnswersWithView(ReferralView, { get: '/referrals/{referralId}', parameters: { referralId: '$response.body#/referralId' }, status: 201 })
  refer(@Param() { caseref }: CaserefParam, @Body() body: NewReferralDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.refer(caseref, body, who.subject);
  }

  @Post('cases/:caseref/referrals/:referralId/withdraw')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Withdraw a health or court referral that is still open; the agency is told' })
  @AnswersWithView(ReferralView, { get: '/referrals/{referralId}', parameters: { referralId: '$request.path.referralId' } })
  withdraw(@Param() { caseref, referralId }: ReferralParams, @Body() body: WithdrawReferralDto, @CurrentPrincipal() who: Principal): Promise<ReferralView> {
    return this.referrals.withdraw(caseref, referralId, body.reason, who.subject);
  }
}
