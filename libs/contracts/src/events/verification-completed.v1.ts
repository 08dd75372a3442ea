import { IsIn, IsISO8601, IsUUID } from 'class-validator';

export const VERIFICATION_OUTCOMES = ['confirmed_absent', 'attending_again', 'not_found_at_address', 'moved_away'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** police → municipality: the outcome code of a verification. The officer's notes stay with police. */
export class VerificationCompletedV1 {
  static readonly type = 'police.verification.completed.v1';

  @IsUUID('4')
  requestId!: string;

  @IsIn(VERIFICATION_OUTCOMES)
  outcome!: VerificationOutcome;

  @IsISO8601({ strict: true })
  verifiedAt!: string;
}
