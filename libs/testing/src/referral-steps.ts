import type { Agency } from '@casenet/contracts';
import { eventually } from './agency-client.js';
import type { RunningSystem } from './infra/system.js';

export interface WebReferral {
  referralId: string;
  agency: string;
  reason: string;
  state: string;
  declineReason: string | null;
  outcome: string | null;
  overdue: boolean;
  deadlines: { kind: string; state: string; open: boolean; overdue: boolean; dueAt: string }[];
}

export interface WebCase {
  caseref: string;
  state: string;
  careLevel: string | null;
  concerns: string[];
  referrals: WebReferral[];
  mandates: { orderId: string; order: string; state: string; operativePart: string | null; overdue: boolean }[];
  drugSignals: { incidentId: string; kind: string }[];
}

/** Caseworker steps of the referral web (health, court, mandates), each waiting for its effect. */
export class ReferralSteps {
  constructor(private readonly system: RunningSystem) {}

  async case(caseref: string): Promise<WebCase> {
    const response = await this.system.client('municipality').get<WebCase>(`/cases/${caseref}`);
    if (response.status !== 200) throw new Error(`GET /cases/${caseref} answered ${response.status}`);
    return response.body;
  }

  async refer(caseref: string, body: { agency: 'health' | 'court'; concern?: string; grounds?: string; notes?: string }): Promise<WebReferral> {
    return this.post<WebReferral>('municipality', `/cases/${caseref}/referrals`, body, 201);
  }

  /** Waits until the coordinator sees the agency's referral in a state. */
  referralAt(caseref: string, agency: string, state: string): Promise<WebReferral> {
    return eventually(
      async () => (await this.case(caseref)).referrals.find((r) => r.agency === agency && r.state === state),
      `${agency} referral of ${caseref} to be ${state}`,
    );
  }

  /** The receiving agency's own id for the referral (its worklist row), once it has arrived. */
  received(agency: 'health' | 'court', caseref: string): Promise<string> {
    const table = agency === 'health' ? 'health_referrals' : 'proceedings';
    return eventually(
      async () => (await this.system.query<{ id: string }>(agency, `SELECT id FROM ${table} WHERE caseref = $1`, [caseref]))[0]?.id,
      `${agency} to receive the referral of ${caseref}`,
    );
  }

  /** Care starts at a named ASST service; flows that do not care where get the child neuropsychiatry of one ASST. */
  health(id: string, action: 'accept' | 'decline' | 'start' | 'complete', body?: unknown): Promise<unknown> {
    const given = body ?? (action === 'start' ? { asst: 'asst_santi_paolo_e_carlo', service: 'uonpia' } : undefined);
    return this.post('health', `/referrals/${id}/${action}`, given, 200);
  }

  court(id: string, action: 'register' | 'decline' | 'hearing' | 'orders', body?: unknown): Promise<unknown> {
    return this.post('court', `/proceedings/${id}/${action}`, body, 200);
  }

  mandateAt(caseref: string, state: string): Promise<WebCase['mandates'][number]> {
    return eventually(async () => (await this.case(caseref)).mandates.find((m) => m.state === state), `a mandate of ${caseref} in state ${state}`);
  }

  async post<T>(agency: Agency, path: string, body: unknown, expected: number): Promise<T> {
    const response = await this.system.client(agency).post<T>(path, body);
    if (response.status !== expected)
      throw new Error(`POST ${path} at ${agency} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
}
