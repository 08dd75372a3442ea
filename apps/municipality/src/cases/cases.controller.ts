import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS } from '@casenet/auth';
import { AssignmentDto, CaseListQuery, CloseCaseDto, TakeInChargeDto } from './case-commands.dto.js';
import { CaseView } from './case.view.js';
import { CaserefParam, ReadsCaseData } from '@casenet/service-runtime';
import { CasesService } from './cases.service.js';
import type { MunicipalCase } from './municipal-case.entity.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  private async view(row: MunicipalCase): Promise<CaseView> {
    return CaseView.of(await this.cases.open(row));
  }

  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @Get()
  @ApiOperation({ summary: 'Cases, optionally by state, oldest first' })
  async list(@Query() query: CaseListQuery): Promise<{ items: CaseView[]; total: number }> {
    const [items, total] = await this.cases.list(query.state, query.limit, query.offset, query.assignee);
    return { items: await Promise.all(items.map(async (c) => CaseView.of(await this.cases.open(c)))), total };
  }

  @Allow(...READERS)
  @ReadsCaseData('case-coordination')
  @Get(':caseref')
  @ApiOperation({ summary: 'One case with its reports and history' })
  @ApiOkResponse({ type: CaseView })
  async get(@Param() { caseref }: CaserefParam): Promise<CaseView> {
    const { row, history } = await this.cases.get(caseref);
    const web = await this.cases.webOf(row);
    return CaseView.of(await this.cases.open(row, history, web), await this.cases.operativeParts(row, web));
  }

  @Allow('supervisor')
  @Post(':caseref/assignment')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign the case to another caseworker (supervisors only)' })
  @ApiOkResponse({ type: CaseView })
  async assign(@Param() { caseref }: CaserefParam, @Body() body: AssignmentDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.view(await this.cases.assign(caseref, body.assignee, who.subject));
  }

  @Allow(...ACTORS)
  @Post(':caseref/take-in-charge')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a verified case in charge (Tutoring Educativo) with an assigned educator' })
  @ApiOkResponse({ type: CaseView })
  async takeInCharge(@Param() { caseref }: CaserefParam, @Body() body: TakeInChargeDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.view(await this.cases.command(caseref, { kind: 'take_in_charge', ...body }, who.subject));
  }

  @Allow(...ACTORS)
  @Post(':caseref/returned-to-class')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the child is back in class; closes the case' })
  @ApiOkResponse({ type: CaseView })
  async returnedToClass(@Param() { caseref }: CaserefParam, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.view(await this.cases.command(caseref, { kind: 'record_return_to_class' }, who.subject));
  }

  @Allow(...ACTORS)
  @Post(':caseref/close')
  @ReadsCaseData('case-coordination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a verified or in-charge case with a reason' })
  @ApiOkResponse({ type: CaseView })
  async close(@Param() { caseref }: CaserefParam, @Body() body: CloseCaseDto, @CurrentPrincipal() who: Principal): Promise<CaseView> {
    return this.view(await this.cases.command(caseref, { kind: 'close', reason: body.reason }, who.subject));
  }
}
