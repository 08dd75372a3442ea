import { eventually } from './agency-client.js';
import type { ReportFixture } from './fixtures/reports.js';
import type { KindReportFixture } from './fixtures/report-kinds.js';
import type { RunningSystem } from './infra/system.js';

export interface FiledReport {
  id: string;
  caseref: string;
  school: { code: string };
}

export interface ReportView {
  id: string;
  caseref: string;
  status: string;
  history: { status: string; changedAt: string }[];
}

export interface CaseView {
  caseref: string;
  state: string;
  reports: { reportId: string; linked: boolean; notes: string | null }[];
  closureReason: string | null;
  verificationOutcome: string | null;
}

/** The caseworker steps of the non-attendance flow, each waiting for its effect to land. */
export class FlowSteps {
  /** Which school filed each report: only that school may follow it. */
  private readonly filedBy = new Map<string, string>();

  constructor(private readonly system: RunningSystem) {}

  /** The report's own school files it, whatever its kind. */
  async file(report: ReportFixture | KindReportFixture): Promise<FiledReport> {
    const response = await this.system.school(report.school.code).post<FiledReport>('/reports', report);
    expectStatus(response, 201, 'POST /reports');
    this.filedBy.set(response.body.id, report.school.code);
    return response.body;
  }

  /** Waits for the municipality's case behind a school's report to reach a state. */
  caseAt(caseref: string, state: string): Promise<CaseView> {
    return eventually(async () => {
      const response = await this.system.client('municipality').get<CaseView>(`/cases/${caseref}`);
      return response.status === 200 && response.body.state === state ? response.body : undefined;
    }, `case ${caseref} in state ${state}`);
  }

  /** Waits for the school that filed a report (the report as filed, or the id of one filed through `file`) to see it in a status. */
  schoolSees(report: string | FiledReport, status: string): Promise<ReportView> {
    const reportId = typeof report === 'string' ? report : report.id;
    const school = typeof report === 'string' ? this.filedBy.get(report) : report.school.code;
    if (!school) throw new Error(`report ${reportId} was not filed through these steps, so which school follows it is unknown`);
    return eventually(async () => {
      const response = await this.system.school(school).get<ReportView>(`/reports/${reportId}`);
      return response.body.status === status ? response.body : undefined;
    }, `school to see ${status} on report ${reportId}`);
  }

  async act(caseref: string, path: string, body?: unknown): Promise<CaseView> {
    const url = path.replace(':caseref', caseref);
    const response = await this.system.client('municipality').post<CaseView>(url, body);
    expectStatus(response, 200, `POST ${url}`);
    return response.body;
  }

  /** Police completes the verification the municipality requested for this case. */
  async policeVerifies(caseref: string, outcome: string): Promise<void> {
    const request = await eventually(async () => {
      const rows = await this.system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [caseref]);
      return rows[0];
    }, `police to receive the verification request for ${caseref}`);
    const url = `/verifications/${request.id}/outcome`;
    const response = await this.system.client('police').post(url, { outcome, note: 'Visited twice; neighbours say the family is still there.' });
    expectStatus(response, 200, `POST ${url}`);
  }
}

function expectStatus(response: { status: number; body: unknown }, expected: number, what: string): void {
  if (response.status !== expected) {
    throw new Error(`${what} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
  }
}
