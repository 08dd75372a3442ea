import type { Agency } from '@casenet/contracts';
import { eventually } from './agency-client.js';
import type { RunningSystem } from './infra/system.js';

export interface WebReferral {
  referralId: string;
  agency: string;
  reason: string;
  state: string;
  /** A court referral's stage between the prosecutor and the court (with_prosecutor, under_examination, archived, petitioned, order_issued…). */
  stage: string | null;
  declineReason: string | null;
  outcome: string | null;
  overdue: boolean;
  deadlines: { kind: string; state: string; open: boolean; overdue: boolean; dueAt: string }[];
}

export interface WebCase {
  caseref: string;
  state: string;
  careLevel: string | null;
  /** A deadline of the case has passed and is not settled. */
  overdue: boolean;
  concerns: string[];
  referrals: WebReferral[];
  mandates: { orderId: string; order: string; state: string; operativePart: string | null; overdue: boolean }[];
  investigations: WebInvestigation[];
  drugSignals: { incidentId: string; kind: string }[];
}

/** A court's psychosocial investigation as social services hold it. */
export interface WebInvestigation {
  investigationId: string;
  referralId: string;
  state: string;
  questions: string | null;
  reportBy: string;
  reportSent: boolean;
  overdue: boolean;
  deadlines: { kind: string; state: string; open: boolean; overdue: boolean; dueAt: string; breachedAt?: string | null }[];
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

  /**
   * The receiving agency's own id for the referral (its worklist row), once it has arrived. A court
   * referral reaches the prosecutor's desk first; the proceeding a petition opens has the same id.
   */
  received(agency: 'health' | 'court', caseref: string): Promise<string> {
    const table = agency === 'health' ? 'health_referrals' : 'prosecutor_files';
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

  court(id: string, action: 'register' | 'hearing' | 'orders', body?: unknown): Promise<unknown> {
    return this.post('court', `/proceedings/${id}/${action}`, body, 200);
  }

  /** The prosecutor's desk at the court service, acting with the prosecutor's role. */
  async prosecutor(id: string, action: 'accept' | 'decline' | 'archive' | 'petition', body?: unknown): Promise<unknown> {
    const response = await this.system.client('court', ['prosecutor']).post(`/prosecutor-files/${id}/${action}`, body);
    if (response.status !== 200) throw new Error(`POST /prosecutor-files/${id}/${action} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** The prosecutor accepts the referral for examination and petitions the court: the court's registry then has it under the same id. */
  async petitioned(id: string): Promise<string> {
    await this.prosecutor(id, 'accept');
    await this.prosecutor(id, 'petition');
    return id;
  }

  /** The court asks social services for a psychosocial investigation on a registered proceeding. */
  async requestInvestigation(proceedingId: string, questions: string): Promise<{ id: string; reportBy: string }> {
    return this.post('court', `/proceedings/${proceedingId}/investigations`, { questions }, 201);
  }

  investigationAt(caseref: string, state: string): Promise<WebInvestigation> {
    return eventually(async () => (await this.case(caseref)).investigations.find((i) => i.state === state), `an investigation of ${caseref} in state ${state}`);
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
