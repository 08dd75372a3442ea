import { ApiProperty } from '@nestjs/swagger';
import { ABSENCE_CATEGORIES, CITIZENSHIP_CATEGORIES, REPORT_KINDS, REPORT_STATUSES, SCHOOL_LEVELS, SCHOOL_TRACKS } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import type { Report, ReportPersonalData } from './report.entity.js';

export class StatusEntryView {
  @ApiProperty({ enum: REPORT_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  changedAt!: string;
}

export class ReportSchoolView {
  @ApiProperty()
  code!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: SCHOOL_LEVELS })
  level!: string;
}

export class PupilView {
  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty()
  taxCode!: string;

  @ApiProperty({ format: 'date' })
  birthDate!: string;
}

/** What the school sees: its own report and the status codes it was sent. */
export class ReportView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: ['submitted', ...REPORT_STATUSES] })
  status!: string;

  @ApiProperty({ type: () => ReportSchoolView })
  school!: { code: string; name: string; level: string };

  @ApiProperty({ enum: REPORT_KINDS, nullable: true, description: 'Null once the child’s data has been erased' })
  kind!: string | null;

  @ApiProperty({ enum: ABSENCE_CATEGORIES, nullable: true, description: 'Absence reports only' })
  category!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2022/23' })
  schoolYear!: string | null;

  @ApiProperty({ enum: CITIZENSHIP_CATEGORIES, nullable: true })
  citizenship!: string | null;

  @ApiProperty({ enum: SCHOOL_TRACKS, nullable: true })
  track!: string | null;

  @ApiProperty({ type: () => PupilView, nullable: true, description: 'Null once the child’s data has been erased' })
  pupil!: { firstName: string; lastName: string; taxCode: string; birthDate: string } | null;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ format: 'date-time' })
  filedAt!: string;

  @ApiProperty({ type: [StatusEntryView], required: false })
  history?: StatusEntryView[];

  static of(report: Report, personal: ReportPersonalData | Erased): ReportView {
    const erased = isErased(personal);
    return {
      id: report.id,
      caseref: report.caseref,
      status: report.status,
      school: { code: report.schoolCode, name: report.schoolName, level: report.schoolLevel },
      kind: report.kind,
      category: report.category,
      schoolYear: report.schoolYear,
      citizenship: report.citizenship,
      track: report.track,
      pupil: erased ? null : personal.pupil,
      erased,
      filedAt: report.filedAt.toISOString(),
      history: report.history?.map((h) => ({ status: h.status, changedAt: h.changedAt.toISOString() })),
    };
  }
}
