import { ApiProperty } from '@nestjs/swagger';
import { COURT_DECLINE_REASONS, COURT_GROUNDS, COURT_OUTCOMES, OPEN_REFERRAL_STATES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import { DeadlineView } from '@casenet/deadlines';
import { OrderView, type OpenedOrder } from '../orders/order.view.js';
import { InvestigationView, type OpenedInvestigation } from '../investigations/investigation.view.js';
import type { ProceedingHistoryEntry } from './proceeding-history.entity.js';
import { PROCEEDING_STATES } from './proceeding-lifecycle.rules.js';
import type { Proceeding, ProceedingPersonalData } from './proceeding.entity.js';

/** A proceeding with its sealed parts opened (or marked erased). */
export interface OpenedProceeding {
  row: Proceeding;
  personal: ProceedingPersonalData | Erased;
  judicialNote: string | Erased | null;
}

/** A worklist line: enough to pick the next proceeding, without the file. */
export class ProceedingSummaryView {
  @ApiProperty({ format: 'uuid', description: 'The municipality’s referral id' })
  id!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: PROCEEDING_STATES, example: 'requested' })
  state!: string;

  @ApiProperty({ enum: COURT_GROUNDS, nullable: true, type: String, example: 'persistent_evasion', description: 'Null once the child’s data is erased' })
  grounds!: string | null;

  @ApiProperty({ example: 'VG 123/2026', nullable: true, type: String })
  docket!: string | null;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ nullable: true, example: { firstName: 'Giulia', lastName: 'Rossi', taxCode: 'RSSGLI12A41F205I', birthDate: '2012-01-01' } })
  pupil!: object | null;

  @ApiProperty({ format: 'date-time', description: 'When the municipality expects the court’s answer' })
  respondBy!: string;

  @ApiProperty({ description: 'Still open and reported overdue by the municipality' })
  overdue!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  overdueSince!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'giudice.rossi' })
  assignee!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static of({ row, personal }: OpenedProceeding): ProceedingSummaryView {
    const erased = isErased(personal);
    return {
      id: row.id,
      caseref: row.caseref,
      state: row.state,
      grounds: erased ? null : (personal.grounds ?? null),
      docket: row.docket,
      erased,
      pupil: erased ? null : personal.pupil,
      respondBy: row.respondBy.toISOString(),
      overdue: row.overdueSince !== null && OPEN_REFERRAL_STATES.includes(row.state),
      overdueSince: row.overdueSince?.toISOString() ?? null,
      assignee: row.assignee,
      receivedAt: row.receivedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** One step of a court-service file (the prosecutor's or the court's): what was done, by whom, with which codes. */
export class HistoryEntryView {
  @ApiProperty({ example: 'registered' })
  action!: string;

  @ApiProperty({ example: 'giudice.rossi' })
  actor!: string;

  @ApiProperty({ example: { from: 'requested', to: 'accepted', docket: 'VG 123/2026' } })
  detail!: object;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** The court's own file: the referral's facts, the judge's note, every step, orders and deadlines. */
export class ProceedingView extends ProceedingSummaryView {
  @ApiProperty({ nullable: true })
  residence!: object | null;

  @ApiProperty({ nullable: true, example: { code: 'MIMM112233', name: 'Secondaria di I grado Cassinis' } })
  school!: object | null;

  @ApiProperty({ nullable: true, type: String, example: 'confirmed_absent' })
  verificationOutcome!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'tutoring_educativo' })
  programme!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The municipality’s notes' })
  notes!: string | null;

  @ApiProperty({ enum: COURT_DECLINE_REASONS, nullable: true, type: String })
  declineReason!: string | null;

  @ApiProperty({ enum: COURT_OUTCOMES, nullable: true, type: String })
  outcome!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Judicial data: shown inside the court only' })
  judicialNote!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt!: string | null;

  @ApiProperty({ type: [HistoryEntryView] })
  history!: HistoryEntryView[];

  @ApiProperty({ type: [OrderView] })
  orders!: OrderView[];

  @ApiProperty({ type: [InvestigationView], description: 'The psychosocial investigations the court asked of social services, reports included' })
  investigations!: InvestigationView[];

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the prosecutor’s petition opened it; null if opened straight from a referral before the prosecutor’s desk',
  })
  petitionedAt!: string | null;

  @ApiProperty({ type: [DeadlineView], description: 'Every deadline running on the proceeding’s orders and investigations' })
  deadlines!: DeadlineView[];

  static full(opened: OpenedProceeding, history: ProceedingHistoryEntry[], orders: OpenedOrder[], investigations: OpenedInvestigation[]): ProceedingView {
    const { personal, judicialNote, row } = opened;
    const known = isErased(personal) ? undefined : personal;
    return {
      ...ProceedingSummaryView.of(opened),
      residence: known?.residence ?? null,
      school: known?.school ?? null,
      verificationOutcome: known?.verificationOutcome ?? null,
      programme: known?.programme ?? null,
      notes: known?.notes ?? null,
      declineReason: row.declineReason,
      outcome: row.outcome,
      judicialNote: judicialNote === null || isErased(judicialNote) ? null : judicialNote,
      closedAt: row.closedAt?.toISOString() ?? null,
      history: history.map((h) => ({ action: h.action, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
      orders: orders.map((o) => OrderView.of(o)),
      investigations: investigations.map((i) => InvestigationView.of(i)),
      petitionedAt: row.petitionedAt?.toISOString() ?? null,
      deadlines: [...orders.flatMap((o) => o.deadlines), ...investigations.flatMap((i) => i.deadlines)].map((d) => DeadlineView.of(d)),
    };
  }
}
