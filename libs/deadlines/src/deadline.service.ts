import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@casenet/service-runtime';
import { DEADLINE_SETTINGS, type DeadlineSettings } from './deadline.settings.js';

/** How a settled deadline ended: the obligation was fulfilled, or it became moot. */
export type DeadlineOutcome = 'met' | 'cancelled';
export const DEADLINE_STATES = ['pending', 'reminded', 'breached', 'met', 'cancelled'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export interface Deadline {
  id: string;
  kind: string;
  ref: string;
  caseref: string;
  dueAt: Date;
  remindAt: Date;
  state: DeadlineState;
  remindedAt: Date | null;
  breachedAt: Date | null;
  settledAt: Date | null;
}

/**
 * SQL that holds when the record whose id is `refSql` has a breached deadline still open: the
 * worklists' `?overdue=` filter. `kindParameter` names a query parameter holding the kind, when
 * a record can have deadlines of several kinds.
 */
export function overdueCondition(refSql: string, kindParameter?: string): string {
  const kind = kindParameter ? ` AND d.kind = :${kindParameter}` : '';
  return `EXISTS (SELECT 1 FROM deadlines d WHERE d.ref = ${refSql}::text${kind} AND d.state = 'breached' AND d.settled_at IS NULL)`;
}

/** SQL: the case (by its caseref) has a deadline passed and not settled, whatever it is for. */
export function overdueCaseCondition(caserefSql: string): string {
  return `EXISTS (SELECT 1 FROM deadlines d WHERE d.caseref = ${caserefSql} AND d.state = 'breached' AND d.settled_at IS NULL)`;
}

/** What happens when a deadline is near or passed, inside the transaction that records it. */
export type DeadlineHandler = (manager: EntityManager, deadline: Deadline, now: Date) => Promise<void>;

interface DeadlineRowSql {
  id: string;
  kind: string;
  ref: string;
  caseref: string;
  due_at: Date;
  remind_at: Date;
  state: DeadlineState;
  reminded_at: Date | null;
  breached_at: Date | null;
  settled_at: Date | null;
}

/**
 * Durable timers in the service's own database. Scheduling and settling happen in the caller's
 * transaction, so a deadline exists exactly when the obligation does. A poller (any replica;
 * rows are claimed with SKIP LOCKED) sends reminders and escalates breaches; since state lives
 * in Postgres, a restart only delays them to the next poll.
 */
@Injectable()
export class DeadlineService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Deadlines');
  private readonly onReminder = new Map<string, DeadlineHandler>();
  private readonly onBreach = new Map<string, DeadlineHandler>();
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    readonly clock: Clock,
    @Inject(DEADLINE_SETTINGS) private readonly settings: DeadlineSettings,
  ) {}

  /** Registers what a kind's reminders and breaches do (escalation events, for example). */
  handle(kind: string, handlers: { reminder?: DeadlineHandler; breach?: DeadlineHandler }): void {
    this.rule(kind);
    if (handlers.reminder) this.onReminder.set(kind, handlers.reminder);
    if (handlers.breach) this.onBreach.set(kind, handlers.breach);
  }

  /** When an obligation of this kind starting now falls due. */
  dueFor(kind: string, from: Date = this.clock.now()): Date {
    return new Date(from.getTime() + this.rule(kind).dueMs);
  }

  /** Starts the timer for an obligation; `dueAt` when someone else set it (a court order's date). */
  async schedule(manager: EntityManager, args: { kind: string; ref: string; caseref: string; dueAt?: Date }): Promise<Date> {
    const rule = this.rule(args.kind);
    const dueAt = args.dueAt ?? this.dueFor(args.kind);
    const remindAt = new Date(Math.max(dueAt.getTime() - rule.remindBeforeMs, 0));
    await manager.query(`INSERT INTO deadlines (kind, ref, caseref, due_at, remind_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, ref) DO NOTHING`, [
      args.kind,
      args.ref,
      args.caseref,
      dueAt,
      remindAt > dueAt ? dueAt : remindAt,
    ]);
    return dueAt;
  }

  /**
   * The obligation was met, or became moot (cancelled): the timer stops and its state says how it
   * ended, in the caller's transaction; a breach stays on record in `breachedAt`.
   */
  async settle(manager: EntityManager, kind: string, ref: string, outcome: DeadlineOutcome): Promise<void> {
    await manager.query(`UPDATE deadlines SET settled_at = $3, state = $4 WHERE kind = $1 AND ref = $2 AND settled_at IS NULL`, [
      kind,
      ref,
      this.clock.now(),
      outcome,
    ]);
  }

  /** Every deadline of these records, for worklists and case views. */
  async forRefs(refs: string[]): Promise<Map<string, Deadline[]>> {
    const byRef = new Map<string, Deadline[]>();
    if (refs.length === 0) return byRef;
    const rows = (await this.dataSource.query(`SELECT * FROM deadlines WHERE ref = ANY($1) ORDER BY id`, [refs])) as DeadlineRowSql[];
    for (const row of rows) byRef.set(row.ref, [...(byRef.get(row.ref) ?? []), toDeadline(row)]);
    return byRef;
  }

  onApplicationBootstrap(): void {
    const interval = this.settings.pollIntervalMs;
    if (interval === 0) return;
    const timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => this.logger.error({ msg: 'deadline poll failed', err: String(error) }))
        .finally(() => (this.running = undefined));
    }, interval);
    this.scheduler.addInterval('deadlines', timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', 'deadlines')) this.scheduler.deleteInterval('deadlines');
    await this.running;
  }

  /** One pass: remind what is near, escalate what has passed. `now` is a parameter for tests. */
  async tick(now: Date = this.clock.now()): Promise<{ reminded: number; breached: number }> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT * FROM deadlines
          WHERE settled_at IS NULL AND ((state = 'pending' AND remind_at <= $1) OR (state <> 'breached' AND due_at <= $1))
          ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
        [now],
      )) as DeadlineRowSql[];
      let reminded = 0;
      let breached = 0;
      for (const row of rows) {
        const deadline = toDeadline(row);
        if (deadline.dueAt <= now) {
          await manager.query(`UPDATE deadlines SET state = 'breached', breached_at = $2 WHERE id = $1`, [row.id, now]);
          await this.onBreach.get(row.kind)?.(manager, { ...deadline, state: 'breached', breachedAt: now }, now);
          this.logger.warn({ msg: 'deadline breached, escalated', caseref: row.caseref, kind: row.kind, ref: row.ref, dueAt: deadline.dueAt.toISOString() });
          breached += 1;
        } else if (row.state === 'pending') {
          await manager.query(`UPDATE deadlines SET state = 'reminded', reminded_at = $2 WHERE id = $1`, [row.id, now]);
          await this.onReminder.get(row.kind)?.(manager, { ...deadline, state: 'reminded', remindedAt: now }, now);
          this.logger.log({ msg: 'deadline reminder', caseref: row.caseref, kind: row.kind, ref: row.ref, dueAt: deadline.dueAt.toISOString() });
          reminded += 1;
        }
      }
      return { reminded, breached };
    });
  }

  private rule(kind: string) {
    const rule = this.settings.rules[kind];
    if (!rule) throw new Error(`no deadline rule for ${kind}: declare it in the service's deadline defaults`);
    return rule;
  }
}

function toDeadline(row: DeadlineRowSql): Deadline {
  return {
    id: row.id,
    kind: row.kind,
    ref: row.ref,
    caseref: row.caseref,
    dueAt: new Date(row.due_at),
    remindAt: new Date(row.remind_at),
    state: row.state,
    remindedAt: row.reminded_at,
    breachedAt: row.breached_at,
    settledAt: row.settled_at,
  };
}
