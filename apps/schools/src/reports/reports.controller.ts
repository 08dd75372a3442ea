import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS, ScopedToSchools } from '@casenet/auth';
import { REPORT_BODIES, type ReportBody } from './report-bodies.dto.js';
import { ReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';
import { AnswersWithView, DiscriminatedBodyPipe, type Page, PageQuery, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(...Object.values(REPORT_BODIES))
@ScopedToSchools()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow(...ACTORS, 'integration')
  @Post()
  @ReadsCaseData('report-follow-up')
  @ApiOperation({
    summary:
      'File a report about a pupil, for one of the token’s schools: absence (the default), bullying, cyberbullying, substance use, social distress or harm',
  })
  @ApiBody({
    description: 'The fields depend on `kind`; a body without `kind` is an absence report',
    schema: { oneOf: Object.values(REPORT_BODIES).map((body) => ({ $ref: getSchemaPath(body) })), discriminator: { propertyName: 'kind' } },
  })
  @AnswersWithView(ReportView, { get: '/reports/{id}', parameters: { id: '$response.body#/id' }, status: 201 })
  file(@Body(new DiscriminatedBodyPipe('kind', REPORT_BODIES, 'absence')) body: ReportBody, @CurrentPrincipal() principal: Principal): Promise<ReportView> {
    return this.reports.file(body, principal);
  }

  @Allow(...READERS, 'integration')
  @ReadsCaseData('report-follow-up')
  @Get()
  @ApiOperation({ summary: 'Reports filed by the token’s schools, newest first, with their current status' })
  @ApiPage(ReportView)
  list(@Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ReportView>> {
    return this.reports.list(principal.schoolCodes, page.limit, page.offset);
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
