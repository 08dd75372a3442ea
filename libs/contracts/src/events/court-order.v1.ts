import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { COURT_OUTCOMES, type CourtOutcome, MANDATE_UPDATES, type MandateUpdate } from './referral-codes.js';

/**
 * court → municipality: the operative part of an order the municipality must execute, nothing of
 * the proceeding's file. A level II mandate must be acknowledged by `acknowledgeBy`.
 */
export class CourtOrderIssuedV1 {
  static readonly type = 'court.order.issued.v1';

  @IsUUID('4')
  orderId!: string;

  @IsUUID('4')
  referralId!: string;

  @IsIn(COURT_OUTCOMES)
  order!: CourtOutcome;

  /** What social services must do, as the order words it. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  operativePart?: string;

  @IsISO8601({ strict: true })
  issuedAt!: string;

  @IsISO8601({ strict: true })
  acknowledgeBy!: string;
}

/** municipality → court: the municipality acknowledges a mandate and reports back on the care it ordered. */
export class MandateUpdatedV1 {
  static readonly type = 'municipality.mandate.updated.v1';

  @IsUUID('4')
  orderId!: string;

  @IsIn(MANDATE_UPDATES)
  status!: MandateUpdate;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  report?: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
