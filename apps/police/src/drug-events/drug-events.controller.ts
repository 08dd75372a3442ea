import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { DrugEventListQuery, DrugEventPage, DrugEventView, RecordDrugEventDto } from './drug-event.dto.js';
import { DrugEventsService } from './drug-events.service.js';

const PURPOSE = 'drug-event-recording';

@ApiTags('drug events')
@ApiBearerAuth()
@Controller('drug-events')
export class DrugEventsController {
  constructor(private readonly events: DrugEventsService) {}

  @Post()
  @ReadsCaseData(PURPOSE)
  @Allow(...ACTORS, 'integration')
  @ApiOperation({ summary: 'Record a drug-related event involving a pupil; the municipality is notified (identity and kind only)' })
  @AnswersWithView(DrugEventView, { get: '/drug-events/{id}', parameters: { id: '$response.body#/id' }, status: 201 })
  record(@Body() body: RecordDrugEventDto, @CurrentPrincipal() who: Principal): Promise<DrugEventView> {
    return this.events.record(body, who.subject);
  }

  @Get()
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'Drug events recorded: filter by kind, municipio, period; newest first by default' })
  @ApiOkResponse({ type: DrugEventPage })
  @ApiPage(DrugEventView)
  list(@Query() query: DrugEventListQuery): Promise<Page<DrugEventView>> {
    return this.events.list(query);
  }

  @Get(':id')
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'One drug event with the pupil and the officers’ note' })
  @ApiOkResponse({ type: DrugEventView })
  @ApiNotFoundResponse({ description: 'No drug event with this id' })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<DrugEventView> {
    return this.events.view(id);
  }
}
