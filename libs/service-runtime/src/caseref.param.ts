import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CaserefParam {
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  @Matches(/^CR-[0-9A-Z]{4,40}$/, { message: 'caseref must look like CR-XXXX' })
  caseref!: string;
}
