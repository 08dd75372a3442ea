import { ApiProperty } from '@nestjs/swagger';
import { VERIFICATION_OUTCOMES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import type { VerificationPersonalData, VerificationRequest } from './verification-request.entity.js';

/** An officer's view of a verification: whom to look for, where, and what was found. */
export class VerificationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  caseref!: string;

  @ApiProperty({ enum: ['pending', 'completed'] })
  status!: string;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ nullable: true })
  pupil!: object | null;

  @ApiProperty({ nullable: true })
  residence!: object | null;

  @ApiProperty()
  school!: object;

  @ApiProperty({ enum: VERIFICATION_OUTCOMES, nullable: true })
  outcome!: string | null;

  @ApiProperty({ nullable: true })
  note!: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ nullable: true, format: 'date-time', description: 'Past the municipality’s deadline since (kept after a late outcome)' })
  overdueSince!: string | null;

  @ApiProperty({ description: 'Still pending past the municipality’s deadline' })
  overdue!: boolean;

  static of(request: VerificationRequest, personal: VerificationPersonalData | Erased, note: string | Erased | null): VerificationView {
    const erased = isErased(personal);
    return {
      id: request.id,
      caseref: request.caseref,
      status: request.status,
      erased,
      pupil: erased ? null : personal.pupil,
      residence: erased ? null : personal.residence,
      school: request.school,
      outcome: request.outcome,
      note: note === null || isErased(note) ? null : note,
      requestedAt: request.requestedAt.toISOString(),
      completedAt: request.completedAt?.toISOString() ?? null,
      overdueSince: request.overdueSince?.toISOString() ?? null,
      overdue: request.status === 'pending' && request.overdueSince !== null,
    };
  }
}
