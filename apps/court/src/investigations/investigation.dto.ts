import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { toBoolean } from '../proceedings/proceeding-commands.dto.js';

export class RequestInvestigationDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'Condizioni del nucleo familiare, frequenza scolastica, rete di supporto; capacità genitoriali.',
    description: 'What social services must investigate: the one part of the request the municipality receives, with the due date',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  questions!: string;
}

export class InvestigationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATES })
  @IsOptional()
  @IsIn(REFERRAL_STATES)
  state?: ReferralState;

  @ApiPropertyOptional({ type: Boolean, description: 'Investigations whose report is past its (default) due date' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}
