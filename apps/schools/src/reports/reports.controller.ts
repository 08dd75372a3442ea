import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS, ScopedToSchools } from '@casenet/auth';
import { FileReportDto } from './file-report.dto.js';
import { ReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';
import { AnswersWithView, PageQuery } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';

@ApiTags('reports')
@ApiBearerAuth()
@ScopedToSchools()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow(...ACTORS, 'integration')
  @Post()
  @ReadsCaseData('report-follow-up')
  @ApiOperation({ summary: 'File a non-attendance report about a pupil, for one of the token’s schools' })
  @AnswersWithView(ReportView, { get: '/reports/{id}', parameters: { id: '$response.body#/id' }, status: 201 })
  async file(@Body() body: FileReportDto, @CurrentPrincipal() principal: Principal): Promise<ReportView> {
    const report = await this.reports.file(body, principal);
    return this.reports.view(principal.schoolCodes, report.id);
  }

  @Allow(...READERS, 'integration')
  @ReadsCaseData('report-follow-up')
  @Get()
  @ApiOperation({ summary: 'Reports filed by the token’s schools, newest first, with their current status' })
  async list(@Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<{ items: ReportView[]; total: number }> {
    const [items, total] = await this.reports.list(principal.schoolCodes, page.limit, page.offset);
    return { items: await Promise.all(items.map(async (r) => ReportView.of(r, await this.reports.personalOf(r)))), total };
  }

  @Allow(...READERS, 'integration')
  @ReadsCaseData('report-follow-up')
  @Get(':id')
  @ApiOperation({ summary: 'One report of the token’s schools with the history of its status codes (another school’s report is not found)' })
  @ApiOkResponse({ type: ReportView })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @CurrentPrincipal() principal: Principal): Promise<ReportView> {
    return this.reports.view(principal.schoolCodes, id);
  }
}
