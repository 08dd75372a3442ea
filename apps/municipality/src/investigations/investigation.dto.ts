import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class InvestigationReportDto {
  @ApiProperty({
    maxLength: 8000,
    example: 'Nucleo monoparentale; la madre collabora; frequenza ripresa con il tutoring educativo; si propone il sostegno educativo domiciliare.',
    description: 'The social services’ report: sent to the court, which alone reads it; not kept by the municipality',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  report!: string;
}

export class InvestigationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATES })
  @IsOptional()
  @IsIn(REFERRAL_STATES)
  state?: ReferralState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only investigations whose report is still owed' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only investigations whose report is past its (default) due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}
