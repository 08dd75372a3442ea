import { ApiProperty } from '@nestjs/swagger';
import { VERIFICATION_OUTCOMES, type VerificationOutcome } from '@casenet/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@casenet/service-runtime';

export class VerificationOutcomeDto {
  @ApiProperty({ enum: VERIFICATION_OUTCOMES, example: 'confirmed_absent' })
  @IsIn(VERIFICATION_OUTCOMES)
  outcome!: VerificationOutcome;

  @ApiProperty({ required: false, maxLength: 2000, description: 'Kept by police; never sent to other agencies' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class VerificationListQuery extends PageQuery {
  @ApiProperty({ enum: ['pending', 'completed'], required: false })
  @IsOptional()
  @IsIn(['pending', 'completed'])
  status?: 'pending' | 'completed';

  @ApiProperty({ enum: ['true', 'false'], required: false, description: 'Only requests past the municipality’s deadline' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
}
