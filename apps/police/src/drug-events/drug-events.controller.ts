import { ReadsCaseData } from '@casenet/service-runtime';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal } from '@casenet/auth';
import { DrugEventView, RecordDrugEventDto } from './drug-event.dto.js';
import { DrugEventsService } from './drug-events.service.js';

@ApiTags('drug events')
@ApiBearerAuth()
@Controller('drug-events')
export class DrugEventsController {
  constructor(private readonly events: DrugEventsService) {}

  @Post()
  @ReadsCaseData('drug-event-recording')
  @Allow(...ACTORS, 'integration')
  @ApiOperation({ summary: 'Record a drug-related event involving a pupil; the municipality is notified (identity and kind only)' })
  @ApiCreatedResponse({ type: DrugEventView })
  async record(@Body() body: RecordDrugEventDto, @CurrentPrincipal() who: Principal): Promise<DrugEventView> {
    const saved = await this.events.record(body, who.subject);
    // What was recorded is sealed in the row; the answer repeats the request's facts.
    return { id: saved.id, caseref: saved.caseref, kind: body.kind, occurredAt: new Date(body.occurredAt).toISOString(), municipio: body.municipio ?? null };
  }
}
