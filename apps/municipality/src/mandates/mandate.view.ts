import { ApiProperty } from '@nestjs/swagger';
import { COURT_OUTCOMES, MANDATE_STATES } from '@casenet/contracts';
import { type Deadline, DeadlineView } from '@casenet/deadlines';
import type { Mandate } from './mandate.entity.js';

/** A court order as the municipality holds it: the operative part only, never the court's file. */
export class MandateView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: COURT_OUTCOMES, example: 'mandate_level_ii' })
  order!: string;

  @ApiProperty({ nullable: true, example: 'Affida il minore al Servizio Sociale del Comune di Milano per interventi di sostegno educativo.' })
  operativePart!: string | null;

  @ApiProperty({ enum: MANDATE_STATES, example: 'awaiting_acknowledgement' })
  state!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time' })
  acknowledgeBy!: string;

  @ApiProperty({ type: [DeadlineView] })
  deadlines!: DeadlineView[];

  @ApiProperty()
  overdue!: boolean;

  static of(mandate: Mandate, operativePart: string | null, deadlines: Deadline[] = []): MandateView {
    const views = deadlines.map((d) => DeadlineView.of(d));
    return {
      orderId: mandate.orderId,
      referralId: mandate.referralId,
      caseref: mandate.caseref,
      order: mandate.order,
      operativePart,
      state: mandate.state,
      issuedAt: mandate.issuedAt.toISOString(),
      acknowledgeBy: mandate.acknowledgeBy.toISOString(),
      deadlines: views,
      overdue: views.some((d) => d.overdue),
    };
  }
}
