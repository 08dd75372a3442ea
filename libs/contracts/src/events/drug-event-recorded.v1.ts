import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { DRUG_EVENT_KINDS, type DrugEventKind } from './referral-codes.js';
import { PupilIdentity } from './value-objects.js';

/** police → municipality: officers recorded a drug-related event involving a pupil; the coordinator decides on a health referral. */
export class DrugEventRecordedV1 {
  static readonly type = 'police.drug-event.recorded.v1';

  @IsUUID('4')
  incidentId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => PupilIdentity)
  pupil!: PupilIdentity;

  @IsIn(DRUG_EVENT_KINDS)
  kind!: DrugEventKind;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  municipio?: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
