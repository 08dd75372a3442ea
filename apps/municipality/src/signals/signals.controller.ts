import { ApiPage } from '@casenet/service-runtime';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '@casenet/auth';
import { ReadsCaseData } from '@casenet/compliance';
import type { Page } from '@casenet/service-runtime';
import { SignalListQuery } from './signal.dto.js';
import { SignalPage, SignalView } from './signal.view.js';
import { SignalsService } from './signals.service.js';

const PURPOSE = 'case-coordination';

@ApiTags('police signals')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Get()
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'Police drug signals; `?matched=false` lists those about a child with no open case, oldest first' })
  @ApiOkResponse({ type: SignalPage })
  @ApiPage(SignalView)
  list(@Query() query: SignalListQuery): Promise<Page<SignalView>> {
    return this.signals.list(query);
  }

  @Get(':incidentId')
  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @ApiOperation({ summary: 'One police drug signal with the cases of the same child' })
  @ApiOkResponse({ type: SignalView })
  @ApiNotFoundResponse({ description: 'No signal with this id' })
  get(@Param('incidentId', new ParseUUIDPipe({ version: '4' })) incidentId: string): Promise<SignalView> {
    return this.signals.view(incidentId);
  }
}
