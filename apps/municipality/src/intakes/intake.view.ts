import { ApiProperty } from '@nestjs/swagger';
import { CARE_LEVELS, WAYS_IN } from '../cases/ways-in.js';
import { CASE_STATES } from '../cases/case-lifecycle.rules.js';
import type { MunicipalCase } from '../cases/municipal-case.entity.js';

/** What local services see of a child they reported: where the intake stands, nothing of the unit's case. */
export class IntakeView {
  @ApiProperty() caseref!: string;
  @ApiProperty({ enum: WAYS_IN, nullable: true }) wayIn!: string | null;
  @ApiProperty({ enum: CASE_STATES }) state!: string;
  @ApiProperty({ enum: CARE_LEVELS, nullable: true, description: 'Null only once the child’s data has been erased' }) careLevel!: string | null;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ nullable: true }) closedAt!: string | null;

  static of(row: MunicipalCase): IntakeView {
    return {
      caseref: row.caseref,
      wayIn: row.wayIn,
      state: row.state,
      careLevel: row.careLevel,
      openedAt: row.openedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
    };
  }
}

/** Intake actions answer with the resource's GET. */
export const INTAKE_READ_BACK = { get: '/intakes/{caseref}', parameters: { caseref: '$response.body#/caseref' }, status: 201 as const };
export const CASE_FROM_INTAKE = { get: '/cases/{caseref}', parameters: { caseref: '$response.body#/caseref' }, status: 201 as const };
