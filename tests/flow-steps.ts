import { expect } from '@jest/globals';
import { eventually, type ReportFixture, type RunningSystem } from '@casenet/testing';

export interface FiledReport {
  id: string;
  caseref: string;
}

interface ReportView {
  id: string;
  caseref: string;
  status: string;
  history: { status: string; changedAt: string }[];
}

interface CaseView {
  caseref: string;
  state: string;
  reports: { reportId: string; linked: boolean; notes: string | null }[];
  closureReason: string | null;
  verificationOutcome: string | null;
}

/** The caseworker steps of the non-attendance flow, each waiting for its effect to land. */
export class FlowSteps {
  constructor(private readonly system: RunningSystem) {}

  async file(report: ReportFixture): Promise<FiledReport> {
    const response = await this.system.client('schools').post<FiledReport>('/reports', report);
    expect(response.status).toBe(201);
    return response.body;
  }

  /** Waits for the municipality's case behind a school's report to reach a state. */
  caseAt(caseref: string, state: string): Promise<CaseView> {
    return eventually(async () => {
      const response = await this.system.client('municipality').get<CaseView>(`/cases/${caseref}`);
      return response.status === 200 && response.body.state === state ? response.body : undefined;
    }, `case ${caseref} in state ${state}`);
  }

  schoolSees(reportId: string, status: string): Promise<ReportView> {
    return eventually(async () => {
      const response = await this.system.client('schools').get<ReportView>(`/reports/${reportId}`);
      return response.body.status === status ? response.body : undefined;
    }, `school to see ${status} on report ${reportId}`);
  }

  async act(caseref: string, path: string, body?: unknown): Promise<CaseView> {
    const response = await this.system.client('municipality').post<CaseView>(path.replace(':caseref', caseref), body);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Police completes the verification the municipality requested for this case. */
  async policeVerifies(caseref: string, outcome: string): Promise<void> {
    const request = await eventually(async () => {
      const rows = await this.system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [caseref]);
      return rows[0];
    }, `police to receive the verification request for ${caseref}`);
    const response = await this.system.client('police').post(`/verifications/${request.id}/outcome`, { outcome, note: 'Visited twice; neighbours say the family is still there.' });
    expect(response.status).toBe(200);
  }
}
