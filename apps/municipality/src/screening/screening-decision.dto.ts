import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SCREENING_CLOSURES, type ScreeningClosure } from '../cases/case-lifecycle.rules.js';

export class CloseAtScreeningDto {
  @ApiProperty({ enum: SCREENING_CLOSURES, example: 'immediate_return' })
  @IsIn(SCREENING_CLOSURES)
  reason!: ScreeningClosure;
}
