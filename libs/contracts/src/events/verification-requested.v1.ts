import { Type } from 'class-transformer';
import { IsDefined, IsUUID, ValidateNested } from 'class-validator';
import { PupilIdentity, Residence, SchoolRef } from './value-objects.js';

/**
 * municipality → police: verify whether the child lives at the address and attends.
 * Police gets identity, address and school, nothing else: no notes, no category, no history.
 */
export class VerificationRequestedV1 {
  static readonly type = 'municipality.verification.requested.v1';

  @IsUUID('4')
  requestId!: string;

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
}
