import { type KindReportFixture, REPO_ROOT, type ReportFixture } from '@casenet/testing';
import type { Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';

/**
 * The school's step of the cross-agency flow, through the schools UI only (labels a person reads,
 * no API call). The page must already be signed in to the schools UI at `base`: a reload would
 * forget the in-memory session, so these steps move with the UI's own links.
 */

/** A report as the school files it: an absence report (kind optional, as in the API) or any other kind. */
export type UiReport =
  | (ReportFixture & { kind?: 'absence'; schoolYear?: string; citizenship?: string; track?: string })
  | (KindReportFixture & { citizenship?: string; track?: string });

type Labels = Record<string, Record<string, string>>;

/** The UI's own Italian words, so a label changed in the UI is changed here too. */
export const SCHOOLS_IT: Labels = JSON.parse(readFileSync(`${REPO_ROOT}apps/schools-ui/src/i18n/it.json`, 'utf8')) as Labels;

export function itLabel(group: string, key: string): string {
  const label = SCHOOLS_IT[group]?.[key];
  if (!label) throw new Error(`no Italian label ${group}.${key} in the schools UI`);
  return label;
}

const form = (key: string) => itLabel('reportForm', key);

function requireSignedIn(page: Page, base: string): void {
  if (!page.url().startsWith(`${base}/ui`)) throw new Error(`the page is at ${page.url()}, not signed in to the schools UI at ${base}/ui/`);
}

/** A link of the agency's navigation bar. */
export function navLink(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: 'Scuole' }).getByRole('link', { name: label, exact: true });
}

async function tick(page: Page, legend: string, group: string, values: readonly string[]): Promise<void> {
  const fieldset = page.getByRole('group', { name: legend, exact: true });
  // Bootstrap Italia draws the box on the label, so a person (and this step) clicks the label.
  for (const value of values) await fieldset.locator('label').getByText(itLabel(group, value), { exact: true }).click();
}

/** Opens the new-report form and fills it from the report, kind first (it decides which fields show). */
export async function fillReportForm(page: Page, base: string, report: UiReport): Promise<void> {
  requireSignedIn(page, base);
  await navLink(page, itLabel('nav', 'newReport')).click();
  await page.getByRole('heading', { level: 1, name: form('title') }).waitFor();
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field(form('kind')).selectOption(report.kind ?? 'absence');

  await field(form('firstName')).fill(report.pupil.firstName);
  await field(form('lastName')).fill(report.pupil.lastName);
  await field(form('taxCode')).fill(report.pupil.taxCode);
  await field(form('birthDate')).fill(report.pupil.birthDate);
  await field(form('address')).fill(report.residence.address);
  await field(form('city')).fill(report.residence.city);
  await field(form('postalCode')).fill(report.residence.postalCode ?? '');
  await field(form('municipio')).selectOption(report.residence.municipio ? String(report.residence.municipio) : '');
  await field(form('schoolCode')).selectOption(report.school.code);
  await field(form('schoolName')).fill(report.school.name);
  await field(form('schoolLevel')).selectOption(report.school.level);

  switch (report.kind) {
    case undefined:
    case 'absence':
      await field(form('category')).selectOption(report.category);
      await field(form('since')).fill(report.absence.since);
      await field(form('schoolDays')).fill(String(report.absence.schoolDays));
      await field(form('absentDays')).fill(String(report.absence.absentDays));
      await tick(page, form('concerns'), 'concern', report.concerns ?? []);
      break;
    case 'bullying':
      await field(form('role')).selectOption(report.role);
      await field(form('online')).selectOption(report.online ? 'yes' : 'no');
      break;
    case 'cyberbullying':
      await field(form('role')).selectOption(report.role);
      break;
    case 'substance_use':
      await tick(page, form('observedSubstance'), 'substance', report.observed);
      break;
    case 'social_distress':
      await tick(page, form('signs'), 'sign', report.signs);
      break;
    case 'harm_to_child':
      await tick(page, form('observedHarm'), 'harm', report.observed);
      break;
  }
  await field(form('notes')).fill(report.notes ?? '');
  await field(form('schoolYear')).fill(report.schoolYear ?? '');
  if (report.citizenship) await field(form('citizenship')).selectOption(report.citizenship);
  if (report.track) await field(form('track')).selectOption(report.track);
}

/** The case reference in the confirmation the form shows once the API has taken the report. */
export async function confirmedCaseref(page: Page): Promise<string> {
  const confirmation = page.getByRole('status').filter({ hasText: /CR-[0-9A-F]+/ });
  const refusal = page.locator('.alert-danger');
  await confirmation.or(refusal).first().waitFor();
  if ((await confirmation.count()) === 0) {
    const beside = await page.locator('.invalid-feedback').allInnerTexts();
    throw new Error(`the report was not filed: ${(await refusal.first().innerText()).trim()} ${beside.join(' | ')}`);
  }
  const match = /CR-[0-9A-F]+/.exec(await confirmation.innerText());
  if (!match) throw new Error('the confirmation shows no case reference');
  return match[0];
}

/** Files a report of any kind through the form; answers the case reference the UI confirms. */
export async function fileReport(page: Page, base: string, report: UiReport): Promise<string> {
  await fillReportForm(page, base, report);
  await page.getByRole('button', { name: form('submit') }).click();
  return confirmedCaseref(page);
}

/** Opens a report from the school's list (paging on until it is found; the list is read again while it is not). */
export async function openReport(page: Page, base: string, caseref: string, timeoutMs = 20_000): Promise<void> {
  requireSignedIn(page, base);
  const until = Date.now() + timeoutMs;
  while (!(await findInList(page, caseref))) {
    if (Date.now() > until) throw new Error(`report ${caseref} is not in the school's list`);
    await page.waitForTimeout(500);
  }
  await page.getByRole('heading', { level: 1, name: itLabel('report', 'title') }).waitFor();
  await page.getByText(caseref, { exact: true }).waitFor();
}

/** Opens the list afresh and pages through it; clicks the report's link when it is there. */
async function findInList(page: Page, caseref: string): Promise<boolean> {
  await navLink(page, itLabel('nav', 'reports')).click();
  await page.getByRole('heading', { level: 1, name: itLabel('reports', 'title') }).waitFor();
  for (;;) {
    await page
      .getByRole('table')
      .or(page.getByText(itLabel('reports', 'empty')))
      .first()
      .waitFor();
    await page.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
    const link = page.getByRole('link', { name: caseref, exact: true });
    if ((await link.count()) > 0) {
      await link.click();
      return true;
    }
    const next = page.getByRole('button', { name: 'Successiva' });
    if ((await next.count()) === 0 || (await next.isDisabled())) return false;
    await next.click();
  }
}

/** The report's status timeline as the school reads it, oldest first ("Inviata dalla scuola", then each status). */
export async function readReportStatus(page: Page, base: string, caseref: string): Promise<string[]> {
  await openReport(page, base, caseref);
  const timeline = page.getByRole('region', { name: itLabel('report', 'timeline') });
  await timeline.getByRole('listitem').first().waitFor();
  return timeline.locator('li .fw-semibold').allInnerTexts();
}

/** Reads the timeline again (the municipality's news travels over Kafka) until it shows the status. */
export async function waitForReportStatus(page: Page, base: string, caseref: string, status: string, timeoutMs = 60_000): Promise<string[]> {
  const label = itLabel('status', status);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const labels = await readReportStatus(page, base, caseref);
    if (labels.includes(label)) return labels;
    if (Date.now() > until) throw new Error(`report ${caseref} still shows ${labels.join(' → ')}, not ${label}`);
    await page.waitForTimeout(1_000);
  }
}
