import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { InvestigationListQuery, InvestigationReportDto } from './investigation.dto.js';
import { InvestigationView } from './investigation.view.js';
import { InvestigationsService } from './investigations.service.js';

const PURPOSE = 'psychosocial-investigation';
const READ_BACK = { get: '/investigations/{investigationId}', parameters: { investigationId: '$request.path.investigationId' } };
const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('court investigations')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No investigation with this id' })
@Controller('investigations')
export class InvestigationsController {
  constructor(private readonly investigations: InvestigationsService) {}

  @Get()
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'Psychosocial investigations the juvenile court asked for, the soonest report first; filter by state, open, overdue' })
  @ApiPage(InvestigationView)
  list(@Query() query: InvestigationListQuery): Promise<Page<InvestigationView>> {
    return this.investigations.list(query);
  }

  @Get(':investigationId')
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'One investigation: what the court asks, by when, and whether the report went' })
  @ApiOkResponse({ type: InvestigationView })
  get(@Param('investigationId', uuid) investigationId: string): Promise<InvestigationView> {
    return this.investigations.view(investigationId);
  }

  @Post(':investigationId/accept')
  @ReadsCaseData(PURPOSE)
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Take the investigation on; the court is told' })
  @AnswersWithView(InvestigationView, READ_BACK)
  accept(@Param('investigationId', uuid) investigationId: string, @CurrentPrincipal() who: Principal): Promise<InvestigationView> {
    return this.investigations.update(investigationId, 'accepted', undefined, who.subject);
  }

  @Post(':investigationId/complete')
  @ReadsCaseData(PURPOSE)
  @HttpCode(200)
  @Allow(...ACTORS)
  @ApiOperation({ summary: 'Send the report to the court (which alone reads it); stops the deadline' })
  @AnswersWithView(InvestigationView, READ_BACK)
  complete(
    @Param('investigationId', uuid) investigationId: string,
    @Body() body: InvestigationReportDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<InvestigationView> {
    return this.investigations.update(investigationId, 'completed', body.report, who.subject);
  }
}
