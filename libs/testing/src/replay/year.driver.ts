import type { AgencyClient, ApiResponse } from '../agency-client.js';
import type { Progress } from './replay.progress.js';
import type { PlannedReport, ScreeningFate } from './year.generator.js';

/** The caseworkers the year is driven by: each school with its own school-scoped token, the dropout unit, police. */
export interface YearActors {
  school(code: string): AgencyClient;
  municipality: AgencyClient;
  police: AgencyClient;
}

export interface DriveOptions {
  /** Requests in flight at once. */
  concurrency: number;
  progress: Progress;
  /** How long a read model may go without moving before the replay gives up. */
  stallMs?: number;
}

/** What the caseworkers did, counted on their side (the Osservatorio's table is checked against the seed, not against this). */
export interface DriveResult {
  filed: number;
  decisions: Record<ScreeningFate, number>;
  verificationRequests: number;
  /** Milliseconds per phase. */
  phases: { filing: number; municipalityIntake: number; screening: number; policeIntake: number };
}

interface QueuedCase {
  caseref: string;
  screening: { suggestion: 'forward_to_police' | 'close_non_resident' } | null;
}

interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The year as the agencies' caseworkers live it, through the live services' HTTP APIs: every
 * school files its reports; the dropout unit waits for its screening queue to hold all of them,
 * then screens each (closing the non-residents the queue's assessment points out, the immediate
 * returns and clerical errors the schools told it about by phone, forwarding the rest to Polizia
 * Locale); police sees the verification requests arrive.
 */
export async function driveYear(actors: YearActors, reports: readonly PlannedReport[], options: DriveOptions): Promise<DriveResult> {
  const stallMs = options.stallMs ?? 120_000;
  const fateByCaseref = new Map<string, ScreeningFate>();

  let started = Date.now();
  const filing = options.progress('schools file their reports', reports.length);
  await inPool(reports, options.concurrency, async (report) => {
    const response = await actors.school(report.body.school.code).post<{ caseref: string }>('/reports', report.body);
    expectStatus(response, 201, `POST /reports (report ${report.index + 1}, ${report.body.school.code})`);
    fateByCaseref.set(response.body.caseref, report.fate);
    filing.tick();
  });
  filing.done();
  const filingMs = Date.now() - started;

  started = Date.now();
  const intake = options.progress('municipality receives them', reports.length);
  await countReaches(() => total(actors.municipality, '/cases?kind=absence&limit=1'), reports.length, intake, stallMs, 'the municipality’s cases');
  const intakeMs = Date.now() - started;

  started = Date.now();
  const queue = await readAll<QueuedCase>(actors.municipality, '/screening/queue');
  const decisions: Record<ScreeningFate, number> = { immediate_return: 0, clerical_error: 0, non_resident: 0, forward_police: 0 };
  const screening = options.progress('dropout unit screens them', queue.length);
  await inPool(queue, options.concurrency, async (item) => {
    const fate = fateByCaseref.get(item.caseref);
    if (fate === undefined) throw new Error(`case ${item.caseref} is in the screening queue but no school of the replay filed it`);
    const decision = decide(item, fate);
    const path = decision === 'forward_police' ? `/screening/cases/${item.caseref}/forward` : `/screening/cases/${item.caseref}/close`;
    const response = await actors.municipality.post(path, decision === 'forward_police' ? undefined : { reason: decision });
    expectStatus(response, 200, `POST ${path}`);
    decisions[decision] += 1;
    screening.tick();
  });
  screening.done();
  const screeningMs = Date.now() - started;

  started = Date.now();
  const police = options.progress('police receive verification requests', decisions.forward_police);
  const verificationRequests = await countReaches(
    () => total(actors.police, '/verifications?limit=1'),
    decisions.forward_police,
    police,
    stallMs,
    'police’s verification requests',
  );
  return {
    filed: reports.length,
    decisions,
    verificationRequests,
    phases: { filing: filingMs, municipalityIntake: intakeMs, screening: screeningMs, policeIntake: Date.now() - started },
  };
}

/**
 * The caseworker's decision on one case: the product's assessment says when the child lives
 * outside Milan (forwarding is refused then: another municipality is competent); the school's
 * call says when the child came straight back or the report was a clerical error; otherwise it
 * goes to police.
 */
function decide(item: QueuedCase, fate: ScreeningFate): ScreeningFate {
  if (item.screening?.suggestion === 'close_non_resident') return 'non_resident';
  if (fate === 'immediate_return' || fate === 'clerical_error') return fate;
  return 'forward_police';
}

async function total(client: AgencyClient, path: string): Promise<number> {
  const response = await client.get<Page<unknown>>(path);
  expectStatus(response, 200, `GET ${path}`);
  return response.body.total;
}

/** Every item of a paged list, read before anything changes it. */
async function readAll<T>(client: AgencyClient, path: string): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const url = `${path}?limit=200&offset=${items.length}`;
    const response = await client.get<Page<T>>(url);
    expectStatus(response, 200, `GET ${url}`);
    items.push(...response.body.items);
    if (response.body.items.length === 0 || items.length >= response.body.total) return items;
  }
}

/**
 * Polls a count until it reaches `target`; fails when it stops moving for `stallMs` (a consumer
 * stuck or a dead-lettered event), never merely because the machine is slow.
 */
async function countReaches(read: () => Promise<number>, target: number, phase: ReturnType<Progress>, stallMs: number, what: string): Promise<number> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const count = await read();
    phase.update(count);
    if (count >= target) {
      phase.done();
      return count;
    }
    if (count !== last) {
      last = count;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      phase.done();
      throw new Error(`${what}: ${count} of ${target}, and no change for ${Math.round(stallMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs `work` over the items with at most `limit` in flight; the first failure stops new work and is thrown. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

function expectStatus(response: ApiResponse<unknown>, expected: number, what: string): void {
  if (response.status !== expected) throw new Error(`${what} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
}
