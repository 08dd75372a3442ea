import { ApiProperty } from '@nestjs/swagger';
import type { Deadline, DeadlineState } from './deadline.service.js';

/** A deadline as worklists and case views show it. */
export class DeadlineView {
  @ApiProperty({ example: 'health.acceptance' })
  kind!: string;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiProperty({ enum: ['pending', 'reminded', 'breached'], description: 'reminded: due soon; breached: escalated' })
  state!: DeadlineState;

  @ApiProperty({ type: Boolean, description: 'Still running (not yet met or withdrawn)' })
  open!: boolean;

  @ApiProperty({ type: Boolean, description: 'Breached and still open: shown first in worklists' })
  overdue!: boolean;

  static of(deadline: Deadline): DeadlineView {
    const open = deadline.settledAt === null;
    return { kind: deadline.kind, dueAt: deadline.dueAt.toISOString(), state: deadline.state, open, overdue: open && deadline.state === 'breached' };
  }
}
