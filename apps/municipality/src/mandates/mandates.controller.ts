import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { MandateListQuery, MandateReportDto } from './mandate.dto.js';
import { MandateView } from './mandate.view.js';
import { MandatesService } from './mandates.service.js';

const READ_BACK = { get: '/mandates/{orderId}', parameters: { orderId: '$request.path.orderId' } };

@ApiTags('court mandates')
@ApiBearerAuth()
@Controller('mandates')
export class MandatesController {
  constructor(private readonly mandates: MandatesService) {}

  @Get()
  @Allow(...READERS)
  @ReadsCaseData('court-mandate-execution')
  @ApiOperation({ summary: 'Court orders received, soonest acknowledgement first; filter by state, open, overdue' })
  @ApiPage(MandateView)
  list(@Query() query: MandateListQuery): Promise<Page<MandateView>> {
    return this.mandates.list(query);
  }

  @Get(':orderId')
  @Allow(...READERS)
  @ReadsCaseData('court-mandate-execution')
  @ApiOperation({ summary: 'One court order with its deadline' })
  @ApiOkResponse({ type: MandateView })
  get(@Param('orderId', new ParseUUIDPipe({ version: '4' })) orderId: string): Promise<MandateView> {
    return this.mandates.view(orderId);
  }

  @Post(':orderId/acknowledge')
  @ReadsCaseData('court-mandate-execution')
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Acknowledge a level II mandate to the court (stops its deadline)' })
  @AnswersWithView(MandateView, READ_BACK)
  acknowledge(@Param('orderId', new ParseUUIDPipe({ version: '4' })) orderId: string, @CurrentPrincipal() who: Principal): Promise<MandateView> {
    return this.mandates.update(orderId, 'acknowledged', undefined, who.subject);
  }

  @Post(':orderId/report')
  @ReadsCaseData('court-mandate-execution')
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Report back to the court: care started, completed or refused' })
  @AnswersWithView(MandateView, READ_BACK)
  report(
    @Param('orderId', new ParseUUIDPipe({ version: '4' })) orderId: string,
    @Body() body: MandateReportDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<MandateView> {
    return this.mandates.update(orderId, body.status, body.report, who.subject);
  }
}
