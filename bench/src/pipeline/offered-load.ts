import { devToken, FIXTURE_SCHOOL_CODES, kindReportFixture, reportFixture, type Rng, taxCodeFor } from '@casenet/testing';
import { Agent, request } from 'undici';

/** What the caseworkers will do with a report once it reaches the municipality (see caseworkers.ts). */
export type Plan = 'forward' | 'close' | 'forward+health' | 'health' | 'court' | 'none';

export interface AcceptedReport {
  caseref: string;
  reportId: string;
  plan: Plan;
  /** When the school's system got its 201. */
  at: number;
}

export interface LoadOutcome {
  offered: number;
  /** Requests the generator could not start because too many were already waiting (a generator limit, reported). */
  notOffered: number;
  offeredSeconds: number;
  accepted: AcceptedReport[];
  byStatus: Record<string, number>;
  unavailableWithRetryAfter: number;
  unavailableWithoutRetryAfter: number;
  /** 5xx other than 503: the "never 500". */
  serverErrors: number;
  networkErrors: number;
  /** Round trip of the POST as the school's system saw it, accepted requests only. */
  httpMs: number[];
}

const MAX_IN_FLIGHT = 4_000;

/**
 * The realistic mix (2022/23, issue 16): nine in ten reports are about absence, of which about
 * three quarters go on to Polizia Locale and a share also raise bullying for ATS; the rest are
 * the other kinds, some of which go to ATS or the prosecutor.
 */
export function plannedReport(rng: Rng, index: number): { body: Record<string, unknown>; plan: Plan } {
  const { body, plan } = mixedReport(rng);
  return { body: { ...body, pupil: pupilNumber(index) }, plan };
}

const NAMES = [
  'Giulia',
  'Luca',
  'Sofia',
  'Ahmed',
  'Mattia',
  'Aurora',
  'Omar',
  'Chiara',
  'Yusuf',
  'Elena',
  'Andrei',
  'Fatima',
  'Marco',
  'Sara',
  'Karim',
  'Irene',
];
const SURNAMES = ['Rossi', 'Bianchi', 'Esposito', 'Colombo', 'Ricci', 'Popescu', 'Ferrari', 'Gallo', 'Hossain', 'Conti', 'Greco', 'Marino', 'Bruno', 'Moretti'];

/**
 * A different child for every report (index < 16 × 14 × 12 × 12 × 28 × 2 ≈ 2.2 million): the
 * fixtures' generator repeats children after a few hundred reports, and a benchmark of reports
 * linked to a handful of open cases would measure contention on one child, not the pipeline.
 */
function pupilNumber(index: number): { firstName: string; lastName: string; birthDate: string; taxCode: string } {
  let rest = index;
  const digit = (radix: number) => {
    const value = rest % radix;
    rest = Math.floor(rest / radix);
    return value;
  };
  const firstName = NAMES[digit(NAMES.length)] as string;
  const lastName = SURNAMES[digit(SURNAMES.length)] as string;
  const birthDate = `${2009 + digit(12)}-${String(digit(12) + 1).padStart(2, '0')}-${String(digit(28) + 1).padStart(2, '0')}`;
  const female = digit(2) === 1;
  return { firstName, lastName, birthDate, taxCode: taxCodeFor(firstName, lastName, birthDate, female) };
}

function mixedReport(rng: Rng): { body: Record<string, unknown>; plan: Plan } {
  const roll = rng.next();
  if (roll < 0.9) {
    const bullying = rng.next() < 0.1;
    const body = reportFixture(rng, bullying ? { concerns: ['bullying'] } : {}) as unknown as Record<string, unknown>;
    const forwarded = rng.next() < 0.75;
    return { body, plan: forwarded ? (bullying ? 'forward+health' : 'forward') : 'close' };
  }
  if (roll < 0.94) return { body: kindReportFixture(rng, 'substance_use') as unknown as Record<string, unknown>, plan: 'health' };
  if (roll < 0.97) return { body: kindReportFixture(rng, 'harm_to_child') as unknown as Record<string, unknown>, plan: 'court' };
  return { body: kindReportFixture(rng, rng.next() < 0.5 ? 'bullying' : 'social_distress') as unknown as Record<string, unknown>, plan: 'none' };
}

/**
 * Offers reports to the schools intake at `rate` per second for `seconds`, open loop: a request
 * starts on schedule whether or not earlier ones have been answered, as class registers would.
 * Each school's system files with a token bound to that school.
 */
export async function offerReports(
  baseUrl: string,
  rng: Rng,
  rate: number,
  seconds: number,
  onAccepted?: (report: AcceptedReport) => void,
): Promise<LoadOutcome> {
  const tokens = new Map(
    await Promise.all(FIXTURE_SCHOOL_CODES.map(async (code) => [code, await devToken('schools', ['integration'], { schoolCodes: [code] })] as const)),
  );
  // Enough keep-alive connections for the rate: the generator must not be what limits the offer.
  const dispatcher = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
  const outcome: LoadOutcome = {
    offered: 0,
    notOffered: 0,
    offeredSeconds: 0,
    accepted: [],
    byStatus: {},
    unavailableWithRetryAfter: 0,
    unavailableWithoutRetryAfter: 0,
    serverErrors: 0,
    networkErrors: 0,
    httpMs: [],
  };
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(rate * seconds);
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= MAX_IN_FLIGHT) {
      outcome.notOffered += 1;
      continue;
    }
    const { body, plan } = plannedReport(rng, i);
    const code = (body.school as { code: string }).code;
    const began = performance.now();
    outcome.offered += 1;
    const call: Promise<void> = request(`${baseUrl}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(code) ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      dispatcher,
    })
      .then(async (response) => {
        const status = String(response.statusCode);
        outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1;
        const text = await response.body.text();
        if (response.statusCode === 201) {
          const answer = JSON.parse(text) as { id: string; caseref: string };
          const accepted = { caseref: answer.caseref, reportId: answer.id, plan, at: Date.now() };
          outcome.accepted.push(accepted);
          outcome.httpMs.push(performance.now() - began);
          onAccepted?.(accepted);
        } else if (response.statusCode === 503) {
          if (response.headers['retry-after']) outcome.unavailableWithRetryAfter += 1;
          else outcome.unavailableWithoutRetryAfter += 1;
        } else if (response.statusCode >= 500) outcome.serverErrors += 1;
      })
      .catch(() => {
        outcome.networkErrors += 1;
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  }
  // The offer's window ends when the last request starts; answers may come later.
  outcome.offeredSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  await dispatcher.close();
  return outcome;
}
