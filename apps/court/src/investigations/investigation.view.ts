import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_STATES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import { type Deadline, DeadlineView } from '@casenet/deadlines';
import type { Investigation } from './investigation.entity.js';

/** An investigation with its sealed parts opened (or marked erased). */
export interface OpenedInvestigation {
  row: Investigation;
  docket: string | null;
  questions: string | Erased;
  report: string | Erased | null;
  deadlines: Deadline[];
}

const clear = (value: string | Erased | null): string | null => (value === null || isErased(value) ? null : value);

/** The court's view of an investigation it asked for, report included. */
export class InvestigationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  proceedingId!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ example: 'VG 123/2026', nullable: true, type: String })
  docket!: string | null;

  @ApiProperty({ enum: REFERRAL_STATES, example: 'requested' })
  state!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Condizioni del nucleo familiare, frequenza scolastica.' })
  questions!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Social services’ report: read by the court alone' })
  report!: string | null;

  @ApiProperty({ example: 'giudice.rossi' })
  requestedBy!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the report is due (a configurable default)' })
  reportBy!: string;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ description: 'The report is past its due date' })
  overdue!: boolean;

  @ApiProperty({ type: [DeadlineView] })
  deadlines!: DeadlineView[];

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt!: string | null;

  static of({ row, docket, questions, report, deadlines }: OpenedInvestigation): InvestigationView {
    const views = deadlines.map((d) => DeadlineView.of(d));
    return {
      id: row.id,
      proceedingId: row.proceedingId,
      caseref: row.caseref,
      docket,
      state: row.state,
      questions: clear(questions),
      report: clear(report),
      requestedBy: row.requestedBy,
      requestedAt: row.requestedAt.toISOString(),
      reportBy: row.reportBy.toISOString(),
      erased: isErased(questions) || isErased(report),
      overdue: views.some((d) => d.overdue),
      deadlines: views,
      updatedAt: row.updatedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
    };
  }
}
