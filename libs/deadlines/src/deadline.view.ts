import { ApiProperty } from '@nestjs/swagger';
import { type Deadline, DEADLINE_STATES, type DeadlineState } from './deadline.service.js';

/** A deadline as worklists and case views show it. */
export class DeadlineView {
  @ApiProperty({ example: 'health.acceptance' })
  kind!: string;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiProperty({
    enum: DEADLINE_STATES,
    description: 'pending, reminded (due soon) and breached (escalated) while it runs; met or cancelled (the obligation became moot) once settled',
  })
  state!: DeadlineState;

  @ApiProperty({ type: Boolean, description: 'Still running (neither met nor cancelled)' })
  open!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was breached, kept after it is met late' })
  breachedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was met or cancelled' })
  settledAt!: string | null;

  @ApiProperty({ type: Boolean, description: 'Breached and still open: shown first in worklists' })
  overdue!: boolean;

  static of(deadline: Deadline): DeadlineView {
    const open = deadline.settledAt === null;
    return {
      kind: deadline.kind,
      dueAt: deadline.dueAt.toISOString(),
      state: deadline.state,
      open,
      breachedAt: deadline.breachedAt?.toISOString() ?? null,
      settledAt: deadline.settledAt?.toISOString() ?? null,
      overdue: open && deadline.state === 'breached',
    };
  }
}
