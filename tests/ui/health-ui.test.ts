import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AccessibilityLog,
  eventually,
  FlowSteps,
  freeSystemPorts,
  launchChromium,
  newCaseworkerPage,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  screenshot,
  signInToUi,
} from '@casenet/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { acceptReferral, completeReferral, declineReferral, openReferral, startCare } from './steps/health.steps.js';

jest.setTimeout(600_000);

const DAY = 24 * 60 * 60 * 1000;

interface ReferralPage {
  items: { id: string; caseref: string; state: string; overdue: boolean; assignee: string | null }[];
  total: number;
}

/** Waits for the API's refusal to mark a field invalid (its message sits beside it). */
async function invalid(page: Page, field: Locator): Promise<void> {
  await field.and(page.locator('[aria-invalid="true"]')).waitFor();
}

/** Presses Tab until the focused element is the one named, as a keyboard user moves through the page. */
async function tabTo(page: Page, name: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if ((await focused.count()) === 0) continue;
    const id = await focused.getAttribute('id');
    const label = id ? await page.locator(`label[for="${id}"]`).textContent() : null;
    if (name.test((label ?? (await focused.textContent()) ?? '').trim())) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('the ATS UI: the referral worklist and every step of a referral, as ATS workers use them', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let browser: Browser;
  let base: string;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20261202);
  const contexts: BrowserContext[] = [];
  const cases: { caseref: string; concern: string }[] = [];
  const nav = (page: Page) => page.getByRole('navigation', { name: 'ATS Città Metropolitana di Milano' });

  async function signedIn(role: string): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    contexts.push(context);
    await signInToUi(page, base, { role });
    await page.getByRole('heading', { level: 1, name: "Segnalazioni all'ATS" }).waitFor();
    return page;
  }

  /** The municipality refers a child to ATS for a concern; the referral waits in the ATS worklist. */
  async function referred(concern: 'bullying' | 'substance_use' | 'social_distress'): Promise<string> {
    const report = await flow.file(reportFixture(rng, { concerns: [concern] }));
    await flow.caseAt(report.caseref, 'screening');
    await web.refer(report.caseref, { agency: 'health', concern, notes: 'La madre chiede un sostegno; episodi ripetuti fuori da scuola.' });
    await web.received('health', report.caseref);
    cases.push({ caseref: report.caseref, concern });
    return report.caseref;
  }

  const referrals = async (query: string) => (await system.client('health').get<ReferralPage>(`/referrals?${query}`)).body;
  const row = (page: Page, caseref: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: caseref, exact: true }) });

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_health_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    base = system.services.health.baseUrl;
    browser = await launchChromium();
    await referred('substance_use');
    await referred('bullying');
    await referred('bullying');
    // ATS has 5 days to answer: past them, the municipality flags all three overdue.
    system.advanceClock(6 * DAY);
    await eventually(async () => ((await referrals('overdue=true')).total === 3 ? true : undefined), 'the three referrals flagged overdue at ATS');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await system?.stop();
  });

  it('the worklist shows the referrals, overdue ones marked, filters and sorts them, and marks what is new', async () => {
    const page = await signedIn('caseworker');
    const [first, second] = cases;
    await row(page, first!.caseref).waitFor();
    expect(await row(page, first!.caseref).getByText('Scaduto').count()).toBe(1);
    expect(await row(page, first!.caseref).getByText('Uso di sostanze').count()).toBe(1);
    expect(await row(page, second!.caseref).getByText('Da valutare').count()).toBe(1);
    await a11y.check(page, 'health: referrals worklist');
    await screenshot(page, 'health-referrals');

    await page.getByLabel("Motivo dell'invio").selectOption({ label: 'Bullismo' });
    await row(page, second!.caseref).waitFor();
    await row(page, first!.caseref).waitFor({ state: 'detached' });
    await page.getByLabel('Termine').selectOption({ label: 'Solo nei termini' });
    await page.getByText('Nessuna segnalazione con questi filtri.').waitFor();
    await a11y.check(page, 'health: referrals, empty filter');
    await page.getByLabel('Termine').selectOption({ label: 'Solo scadute' });
    await page.getByLabel("Motivo dell'invio").selectOption({ label: 'Tutti' });
    await page.getByLabel('Stato').selectOption({ label: 'Da valutare' });
    await page.getByLabel('Ordina per').selectOption({ label: 'Più recenti' });
    await row(page, first!.caseref).waitFor();
    expect(await page.getByText('3 in tutto').count()).toBe(1);

    // A referral that arrives after the worker looked is marked new the next time the list opens.
    const fourth = await referred('social_distress');
    await openReferral(page, base, first!.caseref);
    await page.getByRole('link', { name: '← Torna alle segnalazioni' }).click();
    await row(page, fourth).getByText('Nuovo').waitFor();
    expect(await row(page, first!.caseref).getByText('Nuovo').count()).toBe(0);
  });

  it('walks a referral from request to completion, each action shown only where the API takes it', async () => {
    const page = await signedIn('caseworker');
    const { caseref } = cases[0]!;
    await openReferral(page, base, caseref);
    await page.getByText('Uso di sostanze').waitFor();
    await page.getByText('La madre chiede un sostegno').waitFor();
    await page.getByText('Segnalazione ricevuta dal Comune').waitFor();
    expect(await page.getByRole('button', { name: 'Avvia il percorso' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Assegna' }).count()).toBe(0); // supervisors only
    await a11y.check(page, 'health: referral, requested');
    await screenshot(page, 'health-referral');

    // A reason left out is named beside its field.
    await page.getByRole('button', { name: 'Non accogliere la segnalazione' }).click();
    const reason = page.getByLabel(/^Motivo$|^Motivo \*/);
    await invalid(page, reason);
    await a11y.check(page, 'health: decline form with an error');

    await acceptReferral(page, base, caseref);
    expect(await page.getByRole('button', { name: 'Prendi in carico' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Non accogliere la segnalazione' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Concludi la segnalazione' }).waitFor(); // a single consultation needs no start
    await web.referralAt(caseref, 'health', 'accepted');

    await page.getByRole('button', { name: 'Avvia il percorso' }).click();
    await invalid(page, page.getByLabel(/^ASST/));
    await invalid(page, page.getByLabel(/^Servizio/));
    await a11y.check(page, 'health: start care with errors');

    await startCare(page, base, caseref, 'asst_santi_paolo_e_carlo', 'serd');
    await page.getByText('SerD (servizio per le dipendenze)').waitFor();
    await page.getByText('ASST Santi Paolo e Carlo').waitFor();
    expect(await page.getByRole('button', { name: 'Avvia il percorso' }).count()).toBe(0);
    await web.referralAt(caseref, 'health', 'in_progress');
    await a11y.check(page, 'health: referral, care started');

    await completeReferral(page, base, caseref, 'care_plan_completed', 'SerD: uso di cannabis, sei colloqui, test negativi.');
    await page.getByText('Progetto di cura concluso').waitFor();
    await page.getByText('sei colloqui').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await a11y.check(page, 'health: referral, completed');
    const done = await web.referralAt(caseref, 'health', 'completed');
    expect(done.outcome).toBe('care_plan_completed');
    // The clinical note and the care path stay at ATS.
    expect(JSON.stringify(await web.case(caseref))).not.toMatch(/cannabis|serd|santi_paolo/);
  });

  it('declines a referral with a reason', async () => {
    const page = await signedIn('caseworker');
    const { caseref } = cases[1]!;
    await declineReferral(page, base, caseref, 'family_refused');
    await page.getByText('La famiglia ha rifiutato').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await a11y.check(page, 'health: referral, declined');
    expect((await web.referralAt(caseref, 'health', 'declined')).declineReason).toBe('family_refused');
  });

  it('takes a referral in charge with the keyboard alone', async () => {
    const page = await signedIn('caseworker');
    const { caseref } = cases[2]!;
    await openReferral(page, base, caseref);
    await tabTo(page, /^Prendi in carico$/);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Avvia il percorso' }).waitFor();
    await a11y.check(page, 'health: accepted by keyboard');
    await web.referralAt(caseref, 'health', 'accepted');
  });

  it('a supervisor reassigns an open referral and reads the access log', async () => {
    const page = await signedIn('supervisor');
    const { caseref } = cases[2]!;
    await openReferral(page, base, caseref);
    const assignee = page.getByLabel(/^Operatore incaricato/);
    await assignee.fill('');
    await page.getByRole('button', { name: 'Assegna', exact: true }).click();
    await invalid(page, assignee);
    await a11y.check(page, 'health: reassignment with an error');
    await assignee.fill('dr.ferri@ats-milano.it');
    await page.getByRole('button', { name: 'Assegna', exact: true }).click();
    await page.getByText('Assegnata a dr.ferri@ats-milano.it.').waitFor();
    await page.getByText('Assegnata a un operatore').waitFor();
    await eventually(async () => ((await referrals('assignee=dr.ferri%40ats-milano.it')).items[0]?.caseref === caseref ? true : undefined), 'the assignment');

    // A closed referral has nobody left to hand it to.
    await openReferral(page, base, cases[0]!.caseref);
    expect(await page.getByRole('button', { name: 'Assegna', exact: true }).count()).toBe(0);

    await nav(page).getByRole('link', { name: 'Registro degli accessi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro degli accessi' }).waitFor();
    await page.getByRole('cell', { name: 'Segnalazione sanitaria' }).first().waitFor();
    await a11y.check(page, 'health: access log');
    await page.getByLabel('Riferimento fascicolo').fill(caseref);
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByRole('cell', { name: caseref, exact: true }).first().waitFor();
    expect(await page.getByRole('cell', { name: cases[1]!.caseref, exact: true }).count()).toBe(0);
    const who = (await page.getByRole('row').nth(1).getByRole('cell').nth(1).innerText()).trim();
    await page.getByLabel('Chi ha letto (identificativo)').fill(who);
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByRole('cell', { name: who, exact: true }).first().waitFor();
    await a11y.check(page, 'health: access log, filtered');
  });

  it('an auditor sees the worklist, a referral and the log, and no action at all', async () => {
    const page = await signedIn('auditor');
    await page.getByText('Sola lettura').waitFor();
    await openReferral(page, base, cases[3]!.caseref);
    await page.getByText('Disagio sociale').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await a11y.check(page, 'health: referral, read-only');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByText('Social distress').waitFor();
    await page.getByText('To assess').first().waitFor();
    await a11y.check(page, 'health: referral in English');
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await page.getByText('Disagio sociale').waitFor();
    await nav(page).getByRole('link', { name: 'Registro degli accessi' }).click();
    await page.getByRole('cell', { name: 'Segnalazione sanitaria' }).first().waitFor();
    await a11y.check(page, 'health: access log, read-only');
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.pages.length).toBeGreaterThanOrEqual(12);
    expect(a11y.describe()).toBe('');
  });
});
