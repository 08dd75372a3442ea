import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS } from '@casenet/auth';
import { FileReportDto } from './file-report.dto.js';
import { ReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';
import { AnswersWithView, PageQuery, ReadsCaseData } from '@casenet/service-runtime';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow(...ACTORS, 'integration')
  @Post()
  @ReadsCaseData('report-follow-up')
  @ApiOperation({ summary: 'File a non-attendance report about a pupil' })
  @AnswersWithView(ReportView, { get: '/reports/{id}', parameters: { id: '$response.body#/id' }, status: 201 })
  async file(@Body() body: FileReportDto, @CurrentPrincipal() principal: Principal): Promise<ReportView> {
    const report = await this.reports.file(body, principal.subject);
    return this.reports.view(report.id);
  }

  @Allow(...READERS, 'integration')

  @ReadsCaseData('report-follow-up')
  @Get()
  @ApiOperation({ summary: 'Reports filed, newest first, with their current status' })
  async list(@Query() page: PageQuery): Promise<{ items: ReportView[]; total: number }> {
    const [items, total] = await this.reports.list(page.limit, page.offset);
    return { items: await Promise.all(items.map(async (r) => ReportView.of(r, await this.reports.personalOf(r)))), total };
  }

  @Allow(...READERS, 'integration')

  @ReadsCaseData('report-follow-up')
  @Get(':id')
  @ApiOperation({ summary: 'One report with the history of its status codes' })
  @ApiOkResponse({ type: ReportView })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<ReportView> {
    return this.reports.view(id);
  }
}
