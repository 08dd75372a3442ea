import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView } from '@casenet/service-runtime';
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
  async list(@Query() query: MandateListQuery): Promise<{ items: MandateView[]; total: number }> {
    const [items, total] = await this.mandates.list(query);
    return { items: await Promise.all(items.map((m) => this.mandates.viewOf(m))), total };
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
  async acknowledge(@Param('orderId', new ParseUUIDPipe({ version: '4' })) orderId: string, @CurrentPrincipal() who: Principal): Promise<MandateView> {
    await this.mandates.update(orderId, 'acknowledged', undefined, who.subject);
    return this.mandates.view(orderId);
  }

  @Post(':orderId/report')
  @ReadsCaseData('court-mandate-execution')
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Report back to the court: care started, completed or refused' })
  @AnswersWithView(MandateView, READ_BACK)
  async report(@Param('orderId', new ParseUUIDPipe({ version: '4' })) orderId: string, @Body() body: MandateReportDto, @CurrentPrincipal() who: Principal): Promise<MandateView> {
    await this.mandates.update(orderId, body.status, body.report, who.subject);
    return this.mandates.view(orderId);
  }
}
