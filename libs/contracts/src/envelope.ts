import {
  ArrayUnique,
  Equals,
  IsArray,
  IsBase64,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

export const SPEC_VERSION = '1.0';
/** `<producer>.<entity>.<past-tense-verb>.v<major>` */
export const EVENT_TYPE_PATTERN = /^[a-z]+\.[a-z-]+\.[a-z-]+\.v[0-9]+$/;

/**
 * CloudEvents 1.0 structured-mode envelope plus the cross-agency extensions.
 * Extension names are lower-case alphanumerics, as CloudEvents requires.
 */
export class EventEnvelope<TData extends object = object> {
  @IsUUID('4')
  id!: string;

  @IsString()
  @Matches(/^urn:casenet:[a-z]+$/)
  source!: string;

  @IsString()
  @Matches(EVENT_TYPE_PATTERN)
  type!: string;

  @Equals(SPEC_VERSION)
  specversion!: string;

  @IsISO8601({ strict: true })
  time!: string;

  /**
   * The child's pseudonym as this event's reader knows it (ADR 0019): the coordinator's `sk1_` key
   * between schools and the municipality, the other agency's own `sk2_<agency>_` otherwise. It names
   * the data key that seals the personal part.
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subject!: string;

  @Equals('application/json')
  datacontenttype!: string;

  /** The cross-agency case reference; also the message key, so a case stays on one partition. */
  @IsString()
  @Matches(/^CR-[0-9A-Z]{4,40}$/)
  caseref!: string;

  @IsUUID('4')
  correlationid!: string;

  @IsOptional()
  @IsUUID('4')
  causationid?: string;

  /** Why the data moves: the purpose of the sharing-policy rule the sender projected through. */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{2,80}$/)
  purpose!: string;

  /** The legal basis of the disclosure, as the policy states it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  legalbasis!: string;

  /** The data categories present in `data` (identity, contact, school, social, ...). */
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  datacategories!: string[];

  @IsObject()
  data!: TData;

  /**
   * The personal part of `data`, sealed under the subject's data key (see @casenet/privacy).
   * Receivers unseal it into `data` before validating; once the subject is erased nobody can.
   */
  @IsOptional()
  @Matches(/^sealed:v1:\d+:[A-Za-z0-9+/=]+$/)
  sealed?: string;

  /** Position in the producer's hash chain (see @casenet/audit-log); set when published. */
  @IsOptional()
  @IsInt()
  @Min(1)
  chainseq?: number;

  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  prevhash?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  signingkey?: string;

  @IsOptional()
  @IsBase64()
  signature?: string;
}
