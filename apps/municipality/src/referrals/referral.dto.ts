import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COURT_GROUNDS,
  type CourtGrounds,
  HEALTH_CONCERNS,
  type HealthConcern,
  REFERRAL_STATES,
  type ReferralState,
  WITHDRAWAL_REASONS,
  type WithdrawalReason,
} from '@casenet/contracts';
import { CaserefParam, PageQuery } from '@casenet/service-runtime';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { REFERRAL_AGENCIES, type ReferralAgency } from './referral-web.rules.js';

export class NewReferralDto {
  @ApiProperty({ enum: ['health', 'court'], example: 'health' })
  @IsIn(['health', 'court'])
  agency!: 'health' | 'court';

  @ApiPropertyOptional({ enum: HEALTH_CONCERNS, example: 'substance_use', description: 'Required for a health referral' })
  @ValidateIf((o: NewReferralDto) => o.agency === 'health' || o.concern !== undefined)
  @IsIn(HEALTH_CONCERNS)
  concern?: HealthConcern;

  @ApiPropertyOptional({ enum: COURT_GROUNDS, example: 'harm_to_child', description: 'Required for a court referral' })
  @ValidateIf((o: NewReferralDto) => o.agency === 'court' || o.grounds !== undefined)
  @IsIn(COURT_GROUNDS)
  grounds?: CourtGrounds;

  @ApiPropertyOptional({ maxLength: 4000, example: 'The school reports repeated episodes; the mother asked for help.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class WithdrawReferralDto {
  @ApiProperty({ enum: WITHDRAWAL_REASONS, example: 'resolved' })
  @IsIn(WITHDRAWAL_REASONS)
  reason!: WithdrawalReason;
}

export class ReferralListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_AGENCIES })
  @IsOptional()
  @IsIn(REFERRAL_AGENCIES)
  agency?: ReferralAgency;

  @ApiPropertyOptional({ enum: REFERRAL_STATES })
  @IsOptional()
  @IsIn(REFERRAL_STATES)
  state?: ReferralState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only referrals past (or within) their deadline' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['requestedAt', 'updatedAt'], default: 'requestedAt' })
  @IsOptional()
  @IsIn(['requestedAt', 'updatedAt'])
  sort: 'requestedAt' | 'updatedAt' = 'requestedAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}

export class ReferralParams extends CaserefParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  referralId!: string;
}
