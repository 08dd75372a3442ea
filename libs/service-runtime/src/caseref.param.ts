import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** The cross-agency case reference, as routes accept it. */
export const CASEREF_PATTERN = /^CR-[0-9A-Z]{4,40}$/;

export class CaserefParam {
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908', pattern: CASEREF_PATTERN.source })
  @Matches(CASEREF_PATTERN, { message: 'caseref must look like CR-XXXX' })
  caseref!: string;
}
