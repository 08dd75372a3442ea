import { devToken } from '@casenet/testing';
import pg from 'pg';
import { Agent, request } from 'undici';
import type { AcceptedReport, Plan } from './offered-load.js';

/** The municipality's HTTP calls each plan makes, in order, once the case has arrived. */
const ACTIONS: Record<Plan, { path: (caseref: string) => string; body?: unknown }[]> = {
  forward: [{ path: (c) => `/screening/cases/${c}/forward` }],
  close: [{ path: (c) => `/screening/cases/${c}/close`, body: { reason: 'immediate_return' } }],
  'forward+health': [
    { path: (c) => `/cases/${c}/referrals`, body: { agency: 'health', concern: 'bullying' } },
    { path: (c) => `/screening/cases/${c}/forward` },
  ],
  health: [{ path: (c) => `/cases/${c}/referrals`, body: { agency: 'health', concern: 'substance_use' } }],
  court: [{ path: (c) => `/cases/${c}/referrals`, body: { agency: 'court', grounds: 'harm_to_child' } }],
  none: [],
};

export interface CaseworkerOutcome {
  actions: number;
  byStatus: Record<string, number>;
  /** Cases whose actions could not all be taken (an unexpected answer), with the first answer. */
  failed: { caseref: string; status: number; detail: string }[];
  /** Cases that never reached the municipality before the end. */
  neverArrived: number;
  /** Reports linked to a case already open for the same child: no actions of their own. */
  linked: number;
}

/**
 * The dropout unit and social services at work during the run: as each report's case appears in
 * the municipality's database (polled the way a worklist refreshes, but straight from the
 * database so the bench adds no API load of its own), a caseworker takes the report's planned
 * actions through the municipality's API, a few at a time.
 */
export class Caseworkers {
  private readonly waiting = new Map<string, AcceptedReport>();
  private readonly ready: AcceptedReport[] = [];
  private readonly dispatcher = new Agent({ connections: 16 });
  private readonly pool: pg.Pool;
  private token?: string;
  private running = true;
  private loops: Promise<void>[] = [];
  readonly outcome: CaseworkerOutcome = { actions: 0, byStatus: {}, failed: [], neverArrived: 0, linked: 0 };

  constructor(
    private readonly baseUrl: string,
    databaseUrl: string,
    private readonly concurrency = 8,
  ) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  async start(): Promise<void> {
    this.token = await devToken('municipality', ['caseworker']);
    this.loops = [this.watch(), ...Array.from({ length: this.concurrency }, () => this.work())];
  }

  expect(report: AcceptedReport): void {
    if (ACTIONS[report.plan].length > 0) this.waiting.set(report.caseref, report);
  }

  /** Waits until every expected case has been acted on, or `timeoutMs` passes. */
  async finish(timeoutMs: number): Promise<CaseworkerOutcome> {
    const deadline = Date.now() + timeoutMs;
    while ((this.waiting.size > 0 || this.ready.length > 0 || this.busy > 0) && Date.now() < deadline) await sleep(250);
    this.outcome.neverArrived = this.waiting.size;
    this.running = false;
    await Promise.all(this.loops);
    await this.pool.end();
    await this.dispatcher.close();
    return this.outcome;
  }

  private busy = 0;

  private async watch(): Promise<void> {
    while (this.running) {
      const pending = [...this.waiting.keys()];
      if (pending.length > 0) {
        // A report about a child with an open case is linked to it instead of opening one: that case has its own plan.
        const { rows } = await this.pool.query<{ report_caseref: string; linked: boolean }>(
          'SELECT report_caseref, linked FROM case_reports WHERE report_caseref = ANY($1::text[])',
          [pending],
        );
        for (const { report_caseref: caseref, linked } of rows) {
          const report = this.waiting.get(caseref);
          if (report && !linked) this.ready.push(report);
          if (linked) this.outcome.linked += 1;
          this.waiting.delete(caseref);
        }
      }
      await sleep(250);
    }
  }

  private async work(): Promise<void> {
    while (this.running) {
      const report = this.ready.shift();
      if (!report) {
        await sleep(50);
        continue;
      }
      this.busy += 1;
      try {
        for (const action of ACTIONS[report.plan]) {
          const ok = await this.act(report.caseref, action.path(report.caseref), action.body);
          if (!ok) break;
        }
      } finally {
        this.busy -= 1;
      }
    }
  }

  private async act(caseref: string, path: string, body: unknown): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await request(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.dispatcher,
      });
      const text = await response.body.text();
      const status = String(response.statusCode);
      this.outcome.byStatus[status] = (this.outcome.byStatus[status] ?? 0) + 1;
      this.outcome.actions += 1;
      if (response.statusCode < 300) return true;
      // Shed under load: a caseworker's screen would retry after the time the service asked for.
      if ((response.statusCode === 503 || response.statusCode === 429) && attempt < 20) {
        await sleep(Number(response.headers['retry-after'] ?? '1') * 1000);
        continue;
      }
      this.outcome.failed.push({ caseref, status: response.statusCode, detail: text.slice(0, 200) });
      return false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
