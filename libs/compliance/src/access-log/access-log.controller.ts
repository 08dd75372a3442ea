import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, requireSchoolCodes } from '@casenet/auth';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { PageQuery } from '@casenet/service-runtime';
import { ACCESS_LOG_SCHOOL_CASES, type SchoolCasesSql } from './access-log.scope.js';

export class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908', description: 'Only reads of this case' })
  @IsOptional()
  @Matches(/^CR-[0-9A-Z]{4,40}$/, { message: 'caseref must look like CR-…' })
  caseref?: string;

  @ApiPropertyOptional({ description: 'Only reads by this user (the token subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
}

export class AccessLogEntry {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() agency!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty() caseref!: string;
  @ApiProperty({ example: 'case-handling' }) purpose!: string;
  @ApiProperty({ example: 'GET /cases/:caseref' }) route!: string;
}

export class AccessLogPage {
  @ApiProperty({ type: [AccessLogEntry] }) items!: AccessLogEntry[];
  @ApiProperty() total!: number;
}

/** The owning agency lists who read its cases, newest first. The list itself is not case data. */
@ApiTags('access log')
@Controller('access-log')
export class AccessLogController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCESS_LOG_SCHOOL_CASES) private readonly schoolCases: SchoolCasesSql | null,
  ) {}

  @Get()
  @Allow('supervisor', 'auditor')
  @ApiOperation({ summary: 'Who read which case, when, and for which purpose (at schools: the token’s schools’ cases only)' })
  @ApiOkResponse({ type: AccessLogPage })
  async list(@Query() query: AccessLogQuery, @CurrentPrincipal() principal: Principal): Promise<AccessLogPage> {
    let where = `($1::text IS NULL OR caseref = $1) AND ($2::text IS NULL OR subject = $2)`;
    const params: unknown[] = [query.caseref ?? null, query.subject ?? null];
    if (this.schoolCases) {
      where += ` AND caseref IN (${this.schoolCases('$3::text[]')})`;
      params.push(requireSchoolCodes(principal));
    }
    const page = params.length + 1;
    const rows = (await this.dataSource.query(
      `SELECT at, subject, agency, roles, caseref, purpose, route FROM access_log WHERE ${where} ORDER BY id DESC LIMIT $${page} OFFSET $${page + 1}`,
      [...params, query.limit, query.offset],
    )) as (Omit<AccessLogEntry, 'at'> & { at: Date })[];
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM access_log WHERE ${where}`, params)) as [{ total: number }];
    return { items: rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() })), total };
  }
}
