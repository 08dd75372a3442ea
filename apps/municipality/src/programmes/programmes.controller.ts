import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '@casenet/auth';
import type { Page } from '@casenet/service-runtime';
import { ProgrammePage, type ProgrammeView } from './programme.view.js';
import { ProgrammesService } from './programmes.service.js';

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({ summary: 'The programmes a case can be taken in charge with, their eligibility rules and whether each takes children today' })
  @ApiOkResponse({ type: ProgrammePage })
  list(): Page<ProgrammeView> {
    return this.programmes.list();
  }
}
