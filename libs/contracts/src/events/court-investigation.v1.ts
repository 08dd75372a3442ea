import { IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { INVESTIGATION_UPDATES, type InvestigationUpdate } from './referral-codes.js';

/**
 * court → municipality: the court, in a registered proceeding, asks social services for a
 * psychosocial investigation (indagine psicosociale): what to investigate and by when. Nothing
 * of the proceeding's file travels with it.
 */
export class CourtInvestigationRequestedV1 {
  static readonly type = 'court.investigation.requested.v1';

  @IsUUID('4')
  investigationId!: string;

  /** The municipality's court referral the proceeding came from: how the municipality finds its case. */
  @IsUUID('4')
  referralId!: string;

  /** What social services must investigate, as the court words it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  questions!: string;

  @IsISO8601({ strict: true })
  requestedAt!: string;

  /** When the court expects the report: a configurable default, not a time limit of the protocol. */
  @IsISO8601({ strict: true })
  reportBy!: string;
}

/**
 * municipality → court: social services took the investigation on, or send its report. The
 * report is for the court alone (sealed under the child's key on the wire and at rest).
 */
export class InvestigationUpdatedV1 {
  static readonly type = 'municipality.investigation.updated.v1';

  @IsUUID('4')
  investigationId!: string;

  @IsIn(INVESTIGATION_UPDATES)
  status!: InvestigationUpdate;

  @ValidateIf((o: InvestigationUpdatedV1) => o.status === 'completed' || o.report !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  report?: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
