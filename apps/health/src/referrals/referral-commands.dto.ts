import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEALTH_CONCERNS, HEALTH_DECLINE_REASONS, HEALTH_OUTCOMES, type HealthConcern, REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { type Asst, ASST_MILANO, CARE_SERVICES, type CareService } from './care-path.js';
import type { HealthDeclineReason, HealthOutcome } from './referral-lifecycle.rules.js';

export class DeclineReferralDto {
  @ApiProperty({ enum: HEALTH_DECLINE_REASONS, example: 'already_in_care', description: 'Sent to the municipality as the reason code' })
  @IsIn(HEALTH_DECLINE_REASONS)
  reason!: HealthDeclineReason;
}

export class StartCareDto {
  @ApiProperty({
    enum: ASST_MILANO,
    example: 'asst_santi_paolo_e_carlo',
    description: 'The ASST that delivers care (ATS coordinates); health data, stays at ATS',
  })
  @IsIn(ASST_MILANO)
  asst!: Asst;

  @ApiProperty({
    enum: CARE_SERVICES,
    example: 'uonpia',
    description: 'The ASST service that takes the child in charge (UONPIA, SerD, …); health data, stays at ATS',
  })
  @IsIn(CARE_SERVICES)
  service!: CareService;
}

export class CompleteReferralDto {
  @ApiProperty({ enum: HEALTH_OUTCOMES, example: 'care_plan_completed', description: 'Sent to the municipality as the outcome code' })
  @IsIn(HEALTH_OUTCOMES)
  outcome!: HealthOutcome;

  @ApiPropertyOptional({
    maxLength: 4000,
    example: 'Percorso di sostegno psicologico concluso; follow-up a 6 mesi presso il consultorio.',
    description: 'Health data (GDPR art. 9): kept sealed at ATS, never sent to other agencies',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  clinicalNote?: string;
}

export class AssignReferralDto {
  @ApiProperty({ example: 'dr.ferri@ats-milano.it', description: 'The ATS worker who takes the referral over' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assignee!: string;
}

export const REFERRAL_SORTS = ['respondBy', 'receivedAt'] as const;
export type ReferralSort = (typeof REFERRAL_SORTS)[number];

export class ReferralListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATES, example: 'requested' })
  @IsOptional()
  @IsIn(REFERRAL_STATES)
  state?: ReferralState;

  @ApiPropertyOptional({ enum: HEALTH_CONCERNS, example: 'substance_use' })
  @IsOptional()
  @IsIn(HEALTH_CONCERNS)
  concern?: HealthConcern;

  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: 'Only referrals the municipality flagged overdue (or only those it did not)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'dr.ferri@ats-milano.it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @ApiPropertyOptional({ enum: REFERRAL_SORTS, default: 'respondBy' })
  @IsOptional()
  @IsIn(REFERRAL_SORTS)
  sort: ReferralSort = 'respondBy';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
