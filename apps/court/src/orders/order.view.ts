import { ApiProperty } from '@nestjs/swagger';
import { COURT_OUTCOMES, MANDATE_STATES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import { type Deadline, DeadlineView } from '@casenet/deadlines';
import type { CourtOrder } from './court-order.entity.js';

/** An order with its sealed parts opened (or marked erased). */
export interface OpenedOrder {
  row: CourtOrder;
  docket: string | null;
  operativePart: string | Erased | null;
  lastReport: string | Erased | null;
  deadlines: Deadline[];
}

const clear = (value: string | Erased | null): string | null => (value === null || isErased(value) ? null : value);

/** The court's view of an order and of how social services are carrying it out. */
export class OrderView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  proceedingId!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ example: 'VG 123/2026', nullable: true, type: String })
  docket!: string | null;

  @ApiProperty({ enum: COURT_OUTCOMES, example: 'mandate_level_ii' })
  order!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Affida il minore al Servizio sociale…' })
  operativePart!: string | null;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time' })
  acknowledgeBy!: string;

  @ApiProperty({ enum: MANDATE_STATES, example: 'awaiting_acknowledgement' })
  mandateState!: string;

  @ApiProperty({ nullable: true, type: String, description: 'The latest report of social services on the mandate' })
  lastReport!: string | null;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ description: 'The acknowledgement deadline passed unanswered' })
  overdue!: boolean;

  @ApiProperty({ type: [DeadlineView] })
  deadlines!: DeadlineView[];

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static of({ row, docket, operativePart, lastReport, deadlines }: OpenedOrder): OrderView {
    const views = deadlines.map((d) => DeadlineView.of(d));
    return {
      id: row.id,
      proceedingId: row.proceedingId,
      caseref: row.caseref,
      docket,
      order: row.order,
      operativePart: clear(operativePart),
      issuedAt: row.issuedAt.toISOString(),
      acknowledgeBy: row.acknowledgeBy.toISOString(),
      mandateState: row.mandateState,
      lastReport: clear(lastReport),
      erased: isErased(operativePart) || isErased(lastReport),
      overdue: views.some((d) => d.overdue),
      deadlines: views,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
