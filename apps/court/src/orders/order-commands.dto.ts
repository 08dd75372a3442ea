import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COURT_OUTCOMES, type CourtOutcome, MANDATE_STATES, type MandateState } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { toBoolean } from '../proceedings/proceeding-commands.dto.js';

export class IssueOrderDto {
  @ApiProperty({ enum: COURT_OUTCOMES, example: 'mandate_level_ii' })
  @IsIn(COURT_OUTCOMES)
  order!: CourtOutcome;

  @ApiPropertyOptional({
    maxLength: 2000,
    example: 'Affida il minore al Servizio sociale del Comune di Milano per un progetto di sostegno alla frequenza scolastica.',
    description: 'What social services must do; the only part of the order the municipality receives',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  operativePart?: string;

  @ApiPropertyOptional({
    maxLength: 4000,
    example: 'Reiterata inadempienza nonostante il tutoring educativo; genitori non comparsi.',
    description: 'The judge’s reasoning: judicial data (GDPR art. 10), kept by the court and never sent',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  judicialNote?: string;
}

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MANDATE_STATES })
  @IsOptional()
  @IsIn(MANDATE_STATES)
  mandateState?: MandateState;

  @ApiPropertyOptional({ type: Boolean, description: 'Mandates whose acknowledgement deadline passed unanswered' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}
