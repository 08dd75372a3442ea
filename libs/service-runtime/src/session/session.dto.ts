import { ApiProperty } from '@nestjs/swagger';
import { AGENCIES, SCHOOL_CODE_PATTERN } from '@casenet/contracts';
import { MAX_SCHOOL_CODES, ROLES } from '@casenet/auth';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** A dev login: who to be. The agency may be another service's, so that its refusal can be seen. */
export class DevLoginDto {
  @ApiProperty({ enum: AGENCIES })
  @IsIn(AGENCIES)
  agency!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: string;

  @ApiProperty({ required: false, type: [String], description: 'Schools tokens: the codici meccanografici the user acts for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SCHOOL_CODES)
  @Matches(SCHOOL_CODE_PATTERN, { each: true, message: 'each school code must be a codice meccanografico, e.g. MIEE123456' })
  schoolCodes?: string[];

  @ApiProperty({ required: false, minimum: 30, maximum: 28_800, description: 'Token lifetime; defaults to 8 hours' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(28_800)
  expiresInSeconds?: number;
}

export class DevTokenView {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty({ description: 'When the token stops being accepted (ISO 8601)' })
  expiresAt!: string;
}

export class OidcSettingsView {
  @ApiProperty()
  authority!: string;

  @ApiProperty()
  clientId!: string;
}

/** How this service's UI signs in; no case data. */
export class SessionConfigView {
  @ApiProperty({ enum: AGENCIES })
  agency!: string;

  @ApiProperty({ description: 'Whether the local dev login is offered (only beside the dev issuer, never in production)' })
  devLogin!: boolean;

  @ApiProperty({ type: OidcSettingsView, nullable: true })
  oidc!: OidcSettingsView | null;
}

/** Who the bearer token says the caller is, once this service has accepted it. */
export class SessionView {
  @ApiProperty()
  subject!: string;

  @ApiProperty({ enum: AGENCIES })
  agency!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: string[];

  @ApiProperty({ type: [String] })
  schoolCodes!: string[];
}
