import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_CLOSURES, CASE_STATES, type CaseClosure, type CaseState, PROGRAMMES, type Programme } from './case-lifecycle.rules.js';
import { PageQuery } from '@casenet/service-runtime';
import { REPORT_KINDS, type ReportKind } from '@casenet/contracts';

export class TakeInChargeDto {
  @ApiProperty({ enum: PROGRAMMES, example: 'tutoring_educativo' })
  @IsIn(PROGRAMMES)
  programme!: Programme;

  @ApiProperty({ example: 'Educatrice M. Bianchi', description: 'The educator assigned to the child' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  educator!: string;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CASE_CLOSURES, example: 'resolved' })
  @IsIn(CASE_CLOSURES)
  reason!: CaseClosure;
}

export class AssignmentDto {
  @ApiProperty({ example: 'caseworker-m.bianchi', description: 'The caseworker (token subject) who takes the case over' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assignee!: string;
}

export class CaseListQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'Only cases assigned to this caseworker' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @ApiProperty({ enum: CASE_STATES, required: false })
  @IsOptional()
  @IsIn(CASE_STATES)
  state?: CaseState;

  @ApiProperty({ enum: REPORT_KINDS, required: false, description: 'Only cases with a report of this kind' })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: ReportKind;
}
