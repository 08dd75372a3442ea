import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { ReadsCaseData } from '@casenet/compliance';
import { AnswersWithView, CaserefParam } from '@casenet/service-runtime';
import { CaseView } from '../cases/case.view.js';
import { CasesService } from '../cases/cases.service.js';
import { LocalServicesReportDto, SpontaneousAccessDto } from './intake.dto.js';
import { CASE_FROM_INTAKE, INTAKE_READ_BACK, IntakeView } from './intake.view.js';
import { IntakesService } from './intakes.service.js';

@ApiTags('intakes')
@ApiBearerAuth()
@Controller('intakes')
export class IntakesController {
  constructor(
    private readonly intakes: IntakesService,
    private readonly cases: CasesService,
  ) {}

  @Allow('local_services')
  @Post('local-services')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Local services (servizi territoriali) report a child to the unit',
    description:
      'Opens an intake case at care level `unassessed`, the child’s identity sealed under their key; answers with the intake’s status, all local services may see.',
  })
  @AnswersWithView(IntakeView, INTAKE_READ_BACK)
  async reportByLocalServices(@Body() body: LocalServicesReportDto, @CurrentPrincipal() who: Principal): Promise<IntakeView> {
    return this.intakes.view(await this.intakes.open('local_services', body, who.subject, { service: body.service }));
  }

  @Allow(...ACTORS)
  @Post('spontaneous-access')
  @ReadsCaseData('case-coordination')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a family’s spontaneous access: opens an intake case at care level I' })
  @AnswersWithView(CaseView, CASE_FROM_INTAKE)
  async recordSpontaneousAccess(@Body() body: SpontaneousAccessDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.view(await this.intakes.open('spontaneous_access', body, who.subject, {}));
  }

  @Allow('local_services', ...READERS)
  @Get(':caseref')
  @ApiOperation({ summary: 'Where an intake stands (local services read back what they reported)' })
  @ApiOkResponse({ type: IntakeView })
  get(@Param() { caseref }: CaserefParam): Promise<IntakeView> {
    return this.intakes.view(caseref);
  }
}
