import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_STATES } from '@casenet/contracts';
import { type Deadline, DeadlineView } from '@casenet/deadlines';
import type { SocialInvestigation } from './investigation.entity.js';

/** A court's request for a psychosocial investigation as social services hold it: what to investigate and by when. */
export class InvestigationView {
  @ApiProperty({ format: 'uuid' })
  investigationId!: string;

  @ApiProperty({ format: 'uuid', description: 'The court referral whose proceeding asked for it' })
  referralId!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: REFERRAL_STATES, example: 'requested' })
  state!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Condizioni del nucleo familiare, frequenza scolastica, rete di supporto.' })
  questions!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the court expects the report (a configurable default)' })
  reportBy!: string;

  @ApiProperty({ description: 'The report went to the court' })
  reportSent!: boolean;

  @ApiProperty({ type: [DeadlineView] })
  deadlines!: DeadlineView[];

  @ApiProperty({ description: 'The report is past its due date' })
  overdue!: boolean;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt!: string | null;

  static of(investigation: SocialInvestigation, questions: string | null, deadlines: Deadline[] = []): InvestigationView {
    const views = deadlines.map((d) => DeadlineView.of(d));
    return {
      investigationId: investigation.id,
      referralId: investigation.referralId,
      caseref: investigation.caseref,
      state: investigation.state,
      questions,
      requestedAt: investigation.requestedAt.toISOString(),
      reportBy: investigation.reportBy.toISOString(),
      reportSent: investigation.state === 'completed',
      deadlines: views,
      overdue: views.some((d) => d.overdue),
      updatedAt: investigation.updatedAt.toISOString(),
      closedAt: investigation.closedAt?.toISOString() ?? null,
    };
  }
}
