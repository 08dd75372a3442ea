import { IsIn, IsISO8601, IsUUID, ValidateIf } from 'class-validator';
import { DECLINE_REASONS, type DeclineReason, REFERRAL_OUTCOMES, REFERRAL_UPDATES, type ReferralOutcome, type ReferralUpdate } from './referral-codes.js';

/** The shape both receiving agencies use to close the loop: a state, and a code where the state needs one. */
abstract class ReferralUpdatedV1 {
  @IsUUID('4')
  referralId!: string;

  @IsIn(REFERRAL_UPDATES)
  status!: ReferralUpdate;

  @ValidateIf((o: ReferralUpdatedV1) => o.status === 'declined' || o.reason !== undefined)
  @IsIn(DECLINE_REASONS)
  reason?: DeclineReason;

  @ValidateIf((o: ReferralUpdatedV1) => o.status === 'completed' || o.outcome !== undefined)
  @IsIn(REFERRAL_OUTCOMES)
  outcome?: ReferralOutcome;

  @IsISO8601({ strict: true })
  changedAt!: string;
}

/** health → municipality: ATS accepted, declined, started or completed a referral. Health details stay at ATS. */
export class HealthReferralUpdatedV1 extends ReferralUpdatedV1 {
  static readonly type = 'health.referral.updated.v1';
}

/**
 * court → municipality: the prosecutor's office accepted (for examination), declined, archived
 * (completed, outcome `archived`) or petitioned the court (in_progress), or the court's order
 * completed it (ADR 0021). The prosecutor's and the court's files stay at the court.
 */
export class CourtReferralUpdatedV1 extends ReferralUpdatedV1 {
  static readonly type = 'court.referral.updated.v1';
}
