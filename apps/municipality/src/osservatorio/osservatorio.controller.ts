import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, type Role } from '@casenet/auth';
import { type PublishedTable, publishedTable, tableCsv } from '@casenet/statistics';
/** The part of Express's response the CSV download sets headers on. */
interface Response {
  setHeader(name: string, value: string): unknown;
}
import { OsservatorioQuery, OsservatorioTableParams, OsservatorioTableQuery } from './osservatorio.dto.js';
import { OsservatorioService } from './osservatorio.service.js';
import { OsservatorioTableView, OsservatorioYearsView } from './osservatorio.view.js';

/**
 * Aggregates only: nothing here names a case or a child, so these reads are not in the access log
 * (which records who read which case, for the child's disclosure record).
 */
export const OSSERVATORIO_READERS: readonly Role[] = ['analyst', 'auditor', 'supervisor'];

@ApiTags('osservatorio')
@ApiBearerAuth()
@Controller('osservatorio')
export class OsservatorioController {
  constructor(private readonly osservatorio: OsservatorioService) {}

  @Get('years')
  @Allow(...OSSERVATORIO_READERS)
  @ApiOperation({ summary: 'The school years the Osservatorio has data for' })
  @ApiOkResponse({ type: OsservatorioYearsView })
  async years(): Promise<OsservatorioYearsView> {
    return { years: await this.osservatorio.years() };
  }

  @Get('tables')
  @Allow(...OSSERVATORIO_READERS)
  @ApiOperation({
    summary: 'Every anonymised table of a school year, small cells suppressed',
    description:
      'The funnel by level, track, municipio, citizenship and report kind; care level by municipio; referrals by desk; deadlines by kind. ' +
      'Cells below the threshold are suppressed, with the complementary cells that would give them away and every cell suppressed in an earlier export.',
  })
  @ApiOkResponse({ type: [OsservatorioTableView] })
  async tables(@Query() query: OsservatorioQuery): Promise<PublishedTable[]> {
    return (await this.osservatorio.release(query.schoolYear)).map(publishedTable);
  }

  @Get('tables/:key')
  @Allow(...OSSERVATORIO_READERS)
  @ApiOperation({ summary: 'One table of a school year, as JSON, or as CSV (Accept: text/csv or format=csv; suppressed cells written "c")' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: OsservatorioTableView, description: 'JSON, or CSV as an attachment' })
  @ApiNotFoundResponse({ description: 'No table with this key' })
  async table(
    @Param() { key }: OsservatorioTableParams,
    @Query() query: OsservatorioTableQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishedTable | string> {
    const table = publishedTable(await this.osservatorio.table(key, query.schoolYear));
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return table;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="osservatorio-${key}-${query.schoolYear.replace('/', '-')}.csv"`);
    return tableCsv(table);
  }
}
