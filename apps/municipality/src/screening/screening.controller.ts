import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS } from '@casenet/auth';
import { type Page, PageQuery, ApiPage } from '@casenet/service-runtime';
import { CASE_READ_BACK, CaseView } from '../cases/case.view.js';
import { CasesService } from '../cases/cases.service.js';
import { AnswersWithView, CaserefParam } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { CloseAtScreeningDto } from './screening-decision.dto.js';
import { ScreeningService } from './screening.service.js';

@ApiTags('screening')
@ApiBearerAuth()
@Controller('screening')
export class ScreeningController {
  constructor(
    private readonly screening: ScreeningService,
    private readonly cases: CasesService,
  ) {}

  @Allow(...READERS)
  @ReadsCaseData('dropout-screening')
  @Get('queue')
  @ApiOperation({ summary: 'Cases waiting for screening, oldest first, with the screening assessment' })
  @ApiPage(CaseView)
  queue(@Query() page: PageQuery): Promise<Page<CaseView>> {
    return this.screening.queue(page.limit, page.offset);
  }

  @Allow(...ACTORS)
  @Post('cases/:caseref/forward')
  @ReadsCaseData('dropout-screening')
  @HttpCode(200)
  @ApiOperation({ summary: 'Forward to Polizia Locale for verification' })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  forward(@Param() { caseref }: CaserefParam, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.command(caseref, { kind: 'forward_to_police' }, who.subject);
  }

  @Allow(...ACTORS)
  @Post('cases/:caseref/close')
  @ReadsCaseData('dropout-screening')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close without forwarding: immediate return, clerical error or non-resident' })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  close(@Param() { caseref }: CaserefParam, @Body() body: CloseAtScreeningDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.command(caseref, { kind: 'close_at_screening', reason: body.reason }, who.subject);
  }
}
