import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind, WITHDRAWAL_REASONS, type WithdrawalReason } from './referral-codes.js';

/** municipality → health | court: the coordinator withdraws a referral (the case resolved, the child moved…). */
export class ReferralWithdrawnV1 {
  static readonly type = 'municipality.referral.withdrawn.v1';

  @IsUUID('4')
  referralId!: string;

  @IsIn(WITHDRAWAL_REASONS)
  reason!: WithdrawalReason;

  @IsISO8601({ strict: true })
  withdrawnAt!: string;
}

/** municipality → police | health | court: a referral missed its deadline; the recipient's worklist flags it. */
export class ReferralOverdueV1 {
  static readonly type = 'municipality.referral.overdue.v1';

  @IsUUID('4')
  referralId!: string;

  @IsIn(DEADLINE_KINDS)
  deadline!: DeadlineKind;

  @IsISO8601({ strict: true })
  dueAt!: string;

  @IsISO8601({ strict: true })
  breachedAt!: string;
}
