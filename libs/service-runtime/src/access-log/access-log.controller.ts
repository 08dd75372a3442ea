import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Allow } from '@casenet/auth';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { PageQuery } from '../page.query.js';

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
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Allow('supervisor', 'auditor')
  @ApiOperation({ summary: 'Who read which case, when, and for which purpose' })
  @ApiOkResponse({ type: AccessLogPage })
  async list(@Query() query: AccessLogQuery): Promise<AccessLogPage> {
    const where = `($1::text IS NULL OR caseref = $1) AND ($2::text IS NULL OR subject = $2)`;
    const params = [query.caseref ?? null, query.subject ?? null];
    const rows = (await this.dataSource.query(
      `SELECT at, subject, agency, roles, caseref, purpose, route FROM access_log WHERE ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [...params, query.limit, query.offset],
    )) as (Omit<AccessLogEntry, 'at'> & { at: Date })[];
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM access_log WHERE ${where}`, params)) as [{ total: number }];
    return { items: rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() })), total };
  }
}
