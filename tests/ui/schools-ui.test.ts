import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AccessibilityLog,
  FlowSteps,
  freeSystemPorts,
  kindReportFixture,
  launchChromium,
  newCaseworkerPage,
  reportFixture,
  type ReportFixture,
  Rng,
  RunningSystem,
  screenshot,
  signInToUi,
  taxCodeFor,
} from '@casenet/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  confirmedCaseref,
  fileReport,
  fillReportForm,
  itLabel,
  navLink,
  openReport,
  readReportStatus,
  type UiReport,
  waitForReportStatus,
} from './steps/schools.steps.js';

jest.setTimeout(600_000);

const SCHOOL = { code: 'MIEE123456', name: 'Scuola primaria Giacosa', level: 'primaria' as const };
const OTHER_SCHOOL = { code: 'MIMM112233', name: 'Secondaria di I grado Cassinis', level: 'secondaria_i' as const };

interface ApiReport {
  id: string;
  caseref: string;
  kind: string;
  status: string;
  citizenship: string | null;
  history?: { status: string }[];
}

/**
 * The schools' caseworker UI against the real services: a school files every kind of report
 * through the one form, reads the API's messages beside the fields, follows the municipality's
 * news on the status timeline; a supervisor reads the access log; an auditor reads and acts on nothing.
 */
describe('schools UI: a school files and follows its reports', () => {
  let system: RunningSystem;
  let browser: Browser;
  let flow: FlowSteps;
  let base: string;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20261201);
  const filed = new Map<string, string>(); // kind → caseref
  const open: BrowserContext[] = [];

  async function signedIn(role: string, schoolCodes = SCHOOL.code): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    open.push(context);
    await signInToUi(page, base, { role, schoolCodes });
    await page.getByRole('button', { name: 'Esci' }).waitFor();
    return page;
  }

  async function apiReports(code = SCHOOL.code): Promise<ApiReport[]> {
    const response = await system.school(code).get<{ items: ApiReport[] }>('/reports?limit=200');
    if (response.status !== 200) throw new Error(`GET /reports answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.items;
  }

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_schools_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    browser = await launchChromium();
    flow = new FlowSteps(system);
    base = system.services.schools.baseUrl;
  });
  afterAll(async () => {
    for (const context of open) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  const reports: Record<string, UiReport> = {
    absence: { ...reportFixture(rng, { school: SCHOOL }), kind: 'absence', concerns: ['bullying', 'social_distress'], citizenship: 'non_italian' },
    bullying: kindReportFixture(rng, 'bullying', { school: SCHOOL, online: true, role: 'victim' }),
    cyberbullying: kindReportFixture(rng, 'cyberbullying', { school: SCHOOL, role: 'witness' }),
    substance_use: kindReportFixture(rng, 'substance_use', { school: SCHOOL }),
    social_distress: kindReportFixture(rng, 'social_distress', { school: SCHOOL, citizenship: 'newly_arrived' }),
    harm_to_child: kindReportFixture(rng, 'harm_to_child', { school: SCHOOL }),
  };

  it('a caseworker files a report of every kind through the one form; each is confirmed with its case reference and listed', async () => {
    const page = await signedIn('caseworker');
    await page.getByRole('heading', { level: 1, name: itLabel('reports', 'title') }).waitFor();
    await page.getByText(itLabel('reports', 'empty')).waitFor();
    await a11y.check(page, 'reports: empty list');

    for (const [kind, report] of Object.entries(reports)) {
      await fillReportForm(page, base, report);
      await a11y.check(page, `report form: ${kind}, filled`);
      if (kind === 'absence') await screenshot(page, 'schools-report-form');
      await page.getByRole('button', { name: itLabel('reportForm', 'submit') }).click();
      const caseref = await confirmedCaseref(page);
      expect(caseref).toMatch(/^CR-[0-9A-F]{32}$/);
      filed.set(kind, caseref);
    }
    await a11y.check(page, 'report form: confirmation');
    // The confirmation leads to the report it names.
    await page.getByRole('link', { name: itLabel('reportForm', 'open') }).click();
    await page.getByText(filed.get('harm_to_child')!, { exact: true }).waitFor();

    const atApi = await apiReports();
    for (const [kind, caseref] of filed) expect(atApi.find((r) => r.caseref === caseref)).toMatchObject({ kind });
    expect(atApi.find((r) => r.caseref === filed.get('absence'))).toMatchObject({ citizenship: 'non_italian' });

    await navLink(page, itLabel('nav', 'reports')).click();
    for (const [kind, caseref] of filed) {
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseref, exact: true }) });
      await row.waitFor();
      expect(await row.innerText()).toContain(itLabel('kind', kind));
    }
    await a11y.check(page, 'reports: list');
    await screenshot(page, 'schools-reports');
  });

  it("the API's message sits beside the field it is about, and the form keeps what was typed", async () => {
    const page = await signedIn('caseworker');
    const report = { ...reportFixture(rng, { school: SCHOOL }), pupil: { ...reportFixture(rng).pupil, taxCode: 'RSSMRA12A01F205' } };
    await fillReportForm(page, base, report);
    await page.getByRole('button', { name: itLabel('reportForm', 'submit') }).click();
    const taxCode = page.getByLabel(itLabel('reportForm', 'taxCode'), { exact: true });
    await page.locator('.alert-danger').or(page.getByRole('status')).first().waitFor();
    expect(await page.locator('main').innerText()).toContain('Controlla i campi evidenziati.');
    await expect(taxCode.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await taxCode.getAttribute('aria-describedby'))!;
    const message = await page.locator(`[id="${describedBy}"]`).innerText();
    expect(message).toMatch(/taxCode/);
    expect(await taxCode.inputValue()).toBe('RSSMRA12A01F205');
    // Only that field is marked; the summary above says to look at the marked fields.
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await page.getByText('Controlla i campi evidenziati.').waitFor();
    await a11y.check(page, 'report form: a field error');

    // An empty bullying form: every field the kind needs, each with its message beside it.
    await page.getByLabel(itLabel('reportForm', 'kind'), { exact: true }).selectOption('bullying');
    await page.getByLabel(itLabel('reportForm', 'firstName'), { exact: true }).fill('');
    await page.getByLabel(itLabel('reportForm', 'schoolLevel'), { exact: true }).selectOption('');
    await page.getByRole('button', { name: itLabel('reportForm', 'submit') }).click();
    for (const label of ['firstName', 'role', 'schoolLevel']) {
      await page.getByLabel(itLabel('reportForm', label), { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor();
    }
    await a11y.check(page, 'report form: several field errors');
  });

  it('the school follows its report on the timeline as the municipality acts on it, and the list marks what is new', async () => {
    const page = await signedIn('caseworker');
    const caseref = filed.get('absence')!;
    const report = (await apiReports()).find((r) => r.caseref === caseref)!;
    await flow.schoolSees({ id: report.id, caseref, school: { code: SCHOOL.code } }, 'received');
    expect(await readReportStatus(page, base, caseref)).toEqual([itLabel('report', 'filed'), itLabel('status', 'received')]);

    await flow.act(caseref, '/screening/cases/:caseref/forward');
    const labels = await waitForReportStatus(page, base, caseref, 'verification_requested');
    expect(labels).toEqual([itLabel('report', 'filed'), itLabel('status', 'received'), itLabel('status', 'verification_requested')]);
    const details = page.getByRole('main');
    expect(await details.innerText()).toContain(itLabel('category', (reports.absence as ReportFixture).category));
    expect(await details.innerText()).toContain(reports.absence!.pupil.taxCode);
    await a11y.check(page, 'report detail: timeline');
    await screenshot(page, 'schools-report-detail');

    // A report filed after the list was last opened is marked new; the older ones are not.
    await navLink(page, itLabel('nav', 'reports')).click();
    await page.getByRole('table').waitFor();
    const fresh = await fileReport(page, base, kindReportFixture(rng, 'social_distress', { school: SCHOOL }));
    await navLink(page, itLabel('nav', 'reports')).click();
    const row = (ref: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: ref, exact: true }) });
    await row(fresh).getByText('Nuovo').waitFor();
    expect(await row(caseref).getByText('Nuovo').count()).toBe(0);
  });

  it("the list shows only the token's schools, never another school's report", async () => {
    const other = await flow.file(reportFixture(rng, { school: OTHER_SCHOOL }));
    const page = await signedIn('caseworker');
    await navLink(page, itLabel('nav', 'reports')).click();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('link', { name: other.caseref }).count()).toBe(0);
  });

  it('a supervisor reads the access log of the schools’ cases and filters it by case', async () => {
    const page = await signedIn('supervisor');
    const caseref = filed.get('bullying')!;
    await openReport(page, base, caseref);
    await navLink(page, itLabel('nav', 'accessLog')).click();
    await page.getByRole('heading', { level: 1, name: itLabel('accessLog', 'title') }).waitFor();
    await page.getByRole('table').waitFor();
    await a11y.check(page, 'access log');
    await page.getByLabel(itLabel('accessLog', 'filter'), { exact: true }).fill(caseref);
    await page.getByRole('button', { name: itLabel('accessLog', 'apply') }).click();
    await page.getByRole('button', { name: itLabel('accessLog', 'clear') }).waitFor();
    const cells = page.getByRole('cell', { name: caseref, exact: true });
    await cells.first().waitFor();
    const rows = await page.locator('tbody tr').count();
    expect(await cells.count()).toBe(rows);
    expect(await page.locator('tbody').innerText()).toContain(itLabel('purpose', 'report-follow-up'));
    await a11y.check(page, 'access log: filtered');
    await screenshot(page, 'schools-access-log');
  });

  it('an auditor sees the reports, their timelines and the access log, and no action at all', async () => {
    const page = await signedIn('auditor');
    await page.getByText('Sola lettura').waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('link', { name: itLabel('nav', 'newReport') }).count()).toBe(0);
    await a11y.check(page, 'auditor: reports');
    const labels = await readReportStatus(page, base, filed.get('absence')!);
    expect(labels).toContain(itLabel('status', 'verification_requested'));
    await a11y.check(page, 'auditor: report detail');
    await navLink(page, itLabel('nav', 'accessLog')).click();
    await page.getByRole('table').waitFor();
    // The only buttons are the page's own: language, sign out, paging, the log's filter (a search, not an action).
    const buttons = (await page.getByRole('button').allInnerTexts()).map((text) => text.trim());
    for (const text of buttons) expect(['IT', 'EN', 'Esci', 'Precedente', 'Successiva', itLabel('accessLog', 'apply')]).toContain(text);
    await a11y.check(page, 'auditor: access log');
  });

  it('a caseworker files an absence report with the keyboard alone', async () => {
    const page = await signedIn('caseworker');
    await page.getByRole('heading', { level: 1, name: itLabel('reports', 'title') }).waitFor();
    // A date field's segments follow the browser's own locale (en-US when headless, it-IT for a Milan
    // secretariat): a day equal to its month types the same either way.
    const birthDate = '2018-03-03';
    const report = reportFixture(rng, {
      school: SCHOOL,
      category: 'irregular_attendance',
      pupil: { firstName: 'Sofia', lastName: 'Colombo', birthDate, taxCode: taxCodeFor('Sofia', 'Colombo', birthDate, true) },
    });
    report.absence.since = '2026-09-09';

    /** Tab until the focus is on the control named `name` (its label, or its own text). */
    async function tabTo(name: string): Promise<void> {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const focus = page.locator(':focus');
        if ((await focus.count()) === 0) continue;
        const id = await focus.getAttribute('id');
        const label = id ? page.locator(`label[for="${id}"]`) : null;
        const focused = (label && (await label.count()) > 0 ? await label.innerText() : await focus.innerText()).trim();
        if (focused === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    }
    const type = async (label: string, text: string) => {
      await tabTo(itLabel('reportForm', label));
      await page.keyboard.type(text);
    };
    /** A closed select moves to the next option with ArrowDown. */
    const choose = async (label: string, downs: number) => {
      await tabTo(itLabel('reportForm', label));
      for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
    };
    const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('');

    await tabTo(itLabel('nav', 'newReport'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: itLabel('reportForm', 'title') }).waitFor();
    await type('firstName', report.pupil.firstName);
    await type('lastName', report.pupil.lastName);
    await type('taxCode', report.pupil.taxCode);
    await type('birthDate', ddmmyyyy(report.pupil.birthDate));
    await type('address', report.residence.address);
    await type('postalCode', report.residence.postalCode);
    await type('schoolName', report.school.name);
    await choose('schoolLevel', 1); // primaria
    await choose('category', 2); // irregular attendance
    await type('since', ddmmyyyy(report.absence.since));
    await type('schoolDays', String(report.absence.schoolDays));
    await type('absentDays', String(report.absence.absentDays));
    await tabTo(itLabel('concern', 'bullying'));
    await page.keyboard.press('Space');
    await tabTo(itLabel('reportForm', 'submit'));
    await page.keyboard.press('Enter');
    const caseref = await confirmedCaseref(page);
    await a11y.check(page, 'keyboard: filed');

    const atApi = (await apiReports()).find((r) => r.caseref === caseref);
    expect(atApi).toMatchObject({ kind: 'absence', status: expect.any(String) });
    const detail = (await system.school(SCHOOL.code).get<ApiReport & { pupil: { birthDate: string } }>(`/reports/${atApi!.id}`)).body;
    expect(detail.pupil.birthDate).toBe(report.pupil.birthDate);
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.pages.length).toBeGreaterThanOrEqual(12);
    expect(a11y.describe()).toBe('');
  });
});
