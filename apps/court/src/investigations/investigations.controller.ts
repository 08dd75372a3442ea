import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { InvestigationListQuery, RequestInvestigationDto } from './investigation.dto.js';
import { InvestigationView } from './investigation.view.js';
import { InvestigationsService } from './investigations.service.js';

const PURPOSE = 'juvenile-proceedings';
const uuid = new ParseUUIDPipe({ version: '4' });

class InvestigationPage implements Page<InvestigationView> {
  @ApiProperty({ type: [InvestigationView] })
  items!: InvestigationView[];

  @ApiProperty({ example: 1 })
  total!: number;
}

@ApiTags('investigations')
@ApiBearerAuth()
@Controller()
export class InvestigationsController {
  constructor(private readonly investigations: InvestigationsService) {}

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get('investigations')
  @ApiOperation({ summary: 'Psychosocial investigations asked of social services, the soonest report first; filter by state or overdue' })
  @ApiOkResponse({ type: InvestigationPage })
  @ApiPage(InvestigationView)
  list(@Query() query: InvestigationListQuery): Promise<Page<InvestigationView>> {
    return this.investigations.list(query);
  }

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get('investigations/:id')
  @ApiOperation({ summary: 'One investigation: what was asked, by when, and social services’ report' })
  @ApiOkResponse({ type: InvestigationView })
  @ApiNotFoundResponse({ description: 'No investigation with this id' })
  get(@Param('id', uuid) id: string): Promise<InvestigationView> {
    return this.investigations.view(id);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post('proceedings/:id/investigations')
  @ApiOperation({ summary: 'Ask social services for a psychosocial investigation; they receive what to investigate and by when, nothing of the file' })
  @AnswersWithView(InvestigationView, { get: '/investigations/{id}', parameters: { id: '$response.body#/id' }, status: 201 })
  @ApiNotFoundResponse({ description: 'No proceeding with this id' })
  @ApiConflictResponse({ description: 'The proceeding is not registered, is decided, or already waits for an investigation' })
  request(@Param('id', uuid) id: string, @Body() body: RequestInvestigationDto, @CurrentPrincipal() who: Principal): Promise<InvestigationView> {
    return this.investigations.request(id, body.questions, who.subject);
  }
}
