import { ApiProperty } from '@nestjs/swagger';
import { COURT_REFERRAL_STAGES, courtReferralStage, REFERRAL_STATES } from '@casenet/contracts';
import { type Deadline, DeadlineView } from '@casenet/deadlines';
import { REFERRAL_AGENCIES } from './referral-web.rules.js';
import type { Referral } from './referral.entity.js';

/** One loop of the web as the coordinator sees it: states and codes, never another agency's file. */
export class ReferralView {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: REFERRAL_AGENCIES, example: 'health' })
  agency!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'substance_use',
    description: 'Concern (health), grounds (court) or residence_and_attendance (police); null once the child’s data is erased',
  })
  reason!: string | null;

  @ApiProperty({ enum: REFERRAL_STATES, example: 'accepted' })
  state!: string;

  @ApiProperty({
    enum: COURT_REFERRAL_STAGES,
    nullable: true,
    type: String,
    example: 'petitioned',
    description: 'A court referral: where it stands between the prosecutor and the court (from its state and outcome); null for other agencies',
  })
  stage!: string | null;

  @ApiProperty({ nullable: true, example: null })
  declineReason!: string | null;

  @ApiProperty({ nullable: true, example: null })
  outcome!: string | null;

  @ApiProperty({ nullable: true, example: null })
  withdrawalReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: [DeadlineView] })
  deadlines!: DeadlineView[];

  @ApiProperty({ description: 'Open and past its deadline' })
  overdue!: boolean;

  /** `reason`: the referral's sealed reason, opened by the caller (null once erased). */
  static of(referral: Referral, reason: string | null, deadlines: Deadline[] = []): ReferralView {
    const views = deadlines.map((d) => DeadlineView.of(d));
    return {
      referralId: referral.id,
      caseref: referral.caseref,
      agency: referral.agency,
      reason,
      state: referral.state,
      stage: referral.agency === 'court' ? courtReferralStage(referral.state, referral.outcome) : null,
      declineReason: referral.declineReason,
      outcome: referral.outcome,
      withdrawalReason: referral.withdrawalReason,
      requestedAt: referral.requestedAt.toISOString(),
      updatedAt: referral.updatedAt.toISOString(),
      deadlines: views,
      overdue: views.some((d) => d.overdue),
    };
  }
}
