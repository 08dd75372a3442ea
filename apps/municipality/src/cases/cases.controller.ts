import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS } from '@casenet/auth';
import { AssignmentDto, CaseListQuery, CloseCaseDto, programmesOf, TakeInChargeDto } from './case-commands.dto.js';
import { CASE_READ_BACK, CaseView } from './case.view.js';
import { AnswersWithView, CaserefParam, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @Get()
  @ApiOperation({ summary: 'Cases, optionally by state, care level, way in, report kind or assignee, oldest first' })
  @ApiPage(CaseView)
  list(@Query() query: CaseListQuery): Promise<Page<CaseView>> {
    return this.cases.list(query.state, query.limit, query.offset, query.assignee, {
      careLevel: query.careLevel,
      wayIn: query.wayIn,
      kind: query.kind,
      municipio: query.municipio,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      sort: query.sort,
    });
  }

  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @Get(':caseref')
  @ApiOperation({ summary: 'One case with its reports and history' })
  @ApiOkResponse({ type: CaseView })
  get(@Param() { caseref }: CaserefParam): Promise<CaseView> {
    return this.cases.view(caseref);
  }

  @Allow('supervisor')
  @Post(':caseref/assignment')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign the case to another caseworker (supervisors only)' })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  assign(@Param() { caseref }: CaserefParam, @Body() body: AssignmentDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.assign(caseref, body.assignee, who.subject);
  }

  @Allow(...ACTORS)
  @Post(':caseref/take-in-charge')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take a verified case, or an intake, in charge with one or more programmes of the catalogue and an assigned educator',
    description:
      'Sets care level I unless the court mandated level II. A programme whose eligibility rule the child does not meet answers 422 (`programme-ineligible`) naming the programme and the rule.',
  })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  takeInCharge(@Param() { caseref }: CaserefParam, @Body() body: TakeInChargeDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.command(
      caseref,
      { kind: 'take_in_charge', programmes: programmesOf(body), educator: body.educator, ...(body.citizenship ? { citizenship: body.citizenship } : {}) },
      who.subject,
    );
  }

  @Allow(...ACTORS)
  @Post(':caseref/returned-to-class')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the child is back in class; closes the case' })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  returnedToClass(@Param() { caseref }: CaserefParam, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.command(caseref, { kind: 'record_return_to_class' }, who.subject);
  }

  @Allow(...ACTORS)
  @Post(':caseref/close')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a verified or in-charge case with a reason' })
  @AnswersWithView(CaseView, CASE_READ_BACK)
  close(@Param() { caseref }: CaserefParam, @Body() body: CloseCaseDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.cases.command(caseref, { kind: 'close', reason: body.reason }, who.subject);
  }
}
