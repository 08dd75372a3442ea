import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { HEALTH_CONCERNS, type HealthConcern } from './referral-codes.js';
import { PupilIdentity, Residence, SchoolRef } from './value-objects.js';

/**
 * municipality → health: ATS is asked to take a child in charge for a health-related concern.
 * It gets who, where, which school, the concern and the coordinator's notes; it answers with
 * states only (health.referral.updated.v1).
 */
export class HealthReferralRequestedV1 {
  static readonly type = 'municipality.health-referral.requested.v1';

  @IsUUID('4')
  referralId!: string;

  @IsIn(HEALTH_CONCERNS)
  concern!: HealthConcern;

  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @IsDefined()
  @ValidateNested()
  @Type(() => Residence)
  residence!: Residence;

  @IsDefined()
  @ValidateNested()
  @Type(() => SchoolRef)
  school!: SchoolRef;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @IsISO8601({ strict: true })
  requestedAt!: string;

  /** When the municipality expects an answer (accept or decline). */
  @IsISO8601({ strict: true })
  respondBy!: string;
}
