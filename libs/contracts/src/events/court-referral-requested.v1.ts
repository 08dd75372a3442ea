import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { COURT_GROUNDS, type CourtGrounds } from './referral-codes.js';
import { PupilIdentity, Residence, SchoolRef } from './value-objects.js';
import { VERIFICATION_OUTCOMES, type VerificationOutcome } from './verification-completed.v1.js';

/**
 * municipality → court: a referral to the juvenile court / prosecutor for persistent evasion of
 * compulsory schooling or harm to a child, with the facts the court needs to open a proceeding.
 */
export class CourtReferralRequestedV1 {
  static readonly type = 'municipality.court-referral.requested.v1';

  @IsUUID('4')
  referralId!: string;

  @IsIn(COURT_GROUNDS)
  grounds!: CourtGrounds;

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
  @IsIn(VERIFICATION_OUTCOMES)
  verificationOutcome?: VerificationOutcome;

  /** What the municipality already tried (e.g. tutoring_educativo) and how it went. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  programme?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;

  @IsISO8601({ strict: true })
  requestedAt!: string;

  @IsISO8601({ strict: true })
  respondBy!: string;
}
