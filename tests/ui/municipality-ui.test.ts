import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AccessibilityLog,
  eventually,
  FlowSteps,
  freeSystemPorts,
  intakeFixture,
  launchChromium,
  newCaseworkerPage,
  ReferralSteps,
  reportFixture,
  type ReportFixture,
  Rng,
  RunningSystem,
  schoolAt,
  screenshot,
  signInToUi,
} from '@casenet/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  acceptInvestigation,
  acknowledgeMandate,
  closeAtScreening,
  completeInvestigation,
  fillTakeInCharge,
  openCase,
  reassign,
  recordSpontaneousAccess,
  referTo,
  reportByLocalServices,
  reportOnMandate,
  returnedToClass,
  takeInCharge,
  withdrawReferral,
} from './steps/municipality.steps.js';

jest.setTimeout(900_000);

const DAY = 86_400_000;

/**
 * The municipality's caseworker UI in chromium, against the five real services: upstream data
 * (school reports, police, ATS, prosecutor and court answers) goes in through their APIs; every
 * screen and action of the unit is then driven through the UI as a caseworker would, in Italian.
 */
describe('municipality UI: screening, cases, the web of referrals, court orders, intakes, access log', () => {
  let system: RunningSystem;
  let browser: Browser;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20261130);
  /** A: forwarded, verified, taken in charge, referred to ATS and the prosecutor; B: closed at screening. */
  let childA: ReportFixture;
  let caseA: string;
  let caseB: string;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_municipality_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    base = system.services.municipality.baseUrl;
    browser = await launchChromium();
    ({ context, page } = await newCaseworkerPage(browser));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
  });

  async function signIn(as: Page, role: string): Promise<void> {
    await signInToUi(as, base, { role });
    await as.getByRole('button', { name: 'Esci' }).waitFor();
  }

  it('screening: a reason missing shows beside its field; a report is closed with a reason; another is forwarded with the keyboard alone', async () => {
    childA = reportFixture(rng, { school: schoolAt(rng, 'primaria'), concerns: ['substance_use', 'harm_to_child'] });
    caseA = (await flow.file(childA)).caseref;
    caseB = (await flow.file(reportFixture(rng))).caseref;
    await flow.caseAt(caseA, 'screening');
    await flow.caseAt(caseB, 'screening');

    await signIn(page, 'caseworker');
    await page.getByRole('heading', { level: 1, name: 'Coda di prima valutazione' }).waitFor();
    await page.getByRole('button', { name: `Decidi sul fascicolo ${caseA}` }).waitFor();
    await a11y.check(page, 'screening queue');
    await screenshot(page, 'municipality-screening');

    await page.getByRole('button', { name: `Decidi sul fascicolo ${caseB}` }).click();
    await page.getByRole('button', { name: 'Archivia il fascicolo' }).click();
    const reason = page.getByLabel("Motivo dell'archiviazione");
    await expect(
      eventually(async () => ((await reason.getAttribute('aria-invalid')) === 'true' ? true : undefined), 'the reason marked invalid'),
    ).resolves.toBe(true);
    expect(await page.locator('.invalid-feedback').first().textContent()).toMatch(/reason/);
    await a11y.check(page, 'screening decision with a field error');

    await closeAtScreening(page, base, caseB, 'immediate_return');
    expect((await flow.caseAt(caseB, 'closed')).closureReason).toBe('immediate_return');

    // Keyboard only: Tab to the case's "Decidi", Enter; the panel takes focus; Tab to "Inoltra", Space.
    await page.getByRole('link', { name: 'Prima valutazione', exact: true }).click();
    await page.getByRole('button', { name: `Decidi sul fascicolo ${caseA}` }).waitFor();
    const focused = async () => {
      const element = page.locator(':focus');
      if ((await element.count()) === 0) return '';
      return (await element.getAttribute('aria-label')) ?? ((await element.textContent()) ?? '').trim();
    };
    for (let i = 0; i < 80 && (await focused()) !== `Decidi sul fascicolo ${caseA}`; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe(`Decidi sul fascicolo ${caseA}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Decisione sul fascicolo ${caseA}` }).waitFor();
    for (let i = 0; i < 20 && (await focused()) !== 'Inoltra alla Polizia Locale'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Inoltra alla Polizia Locale');
    await page.keyboard.press('Space');
    await page.getByText(`Fascicolo ${caseA} inoltrato alla Polizia Locale per la verifica.`).waitFor();
    await a11y.check(page, 'screening decision done');
    await flow.caseAt(caseA, 'verification_requested');
  });

  it('the worklist filters by state and by "assigned to me", pages, and marks new cases', async () => {
    await flow.policeVerifies(caseA, 'confirmed_absent');
    await flow.caseAt(caseA, 'verified');
    await page.getByRole('link', { name: 'Fascicoli', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: "Fascicoli dell'Unità" }).waitFor();
    await page.getByRole('link', { name: caseB }).waitFor();
    await page.getByLabel('Stato', { exact: true }).selectOption('verified');
    await page.getByRole('link', { name: caseA }).waitFor();
    expect(await page.getByRole('link', { name: caseB }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Paginazione' }).textContent()).toMatch(/Pagina 1 di 1/);
    await a11y.check(page, 'cases worklist filtered');
    await screenshot(page, 'municipality-cases');
    await page.getByText('Solo assegnati a me').click();
    await page.getByText('Nessun fascicolo corrisponde ai filtri scelti.').waitFor();
    await a11y.check(page, 'cases worklist empty');
  });

  it('takes a case in charge with programmes: an ineligible programme is refused beside the programmes', async () => {
    await openCase(page, base, caseA);
    await fillTakeInCharge(page, ['orientamento'], 'Educatrice M. Bianchi');
    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    const group = page.getByRole('group', { name: 'Progetti del catalogo' });
    await group.getByText(/Orientamento \(orientamento\) is not open to this child/).waitFor();
    await a11y.check(page, 'take in charge refused beside the programmes');
    await screenshot(page, 'municipality-take-in-charge');

    await takeInCharge(page, base, caseA, ['tutoring_educativo']);
    expect(await web.case(caseA)).toMatchObject({ state: 'taken_in_charge', careLevel: 'I' });
  });

  it('refers to ATS and the prosecutor, follows the court through investigation and mandate, and draws the web', async () => {
    await referTo(page, base, caseA, 'health', 'substance_use', 'La madre è d’accordo.');
    await referTo(page, base, caseA, 'court', 'harm_to_child');
    const signal = await system.client('police').post('/drug-events', {
      pupil: childA.pupil,
      kind: 'possession_for_personal_use',
      municipio: 2,
      occurredAt: '2026-11-20T08:15:00Z',
      note: 'Davanti alla scuola.',
    });
    expect(signal.status).toBe(201);

    // ATS does not answer in its 5 days: the referral goes overdue.
    system.advanceClock(6 * DAY);
    await eventually(
      async () => ((await web.case(caseA)).referrals.find((r) => r.agency === 'health')?.overdue ? true : undefined),
      'ATS referral overdue',
      60_000,
    );

    await page.getByRole('link', { name: 'Fascicoli', exact: true }).click();
    await page
      .getByRole('row', { name: new RegExp(caseA) })
      .getByText('Scaduto')
      .waitFor();

    const atCourt = await web.received('court', caseA);
    await web.petitioned(atCourt);
    await web.court(atCourt, 'register', { docket: 'VG 5120/2026' });
    await web.requestInvestigation(atCourt, 'Condizioni del nucleo familiare e frequenza scolastica.');
    await acceptInvestigation(page, base, caseA);
    await completeInvestigation(page, base, caseA, 'Nucleo collaborante; frequenza in ripresa.');
    await web.investigationAt(caseA, 'completed');
    await web.court(atCourt, 'hearing');
    await web.court(atCourt, 'orders', {
      order: 'mandate_level_ii',
      operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano per sostegno educativo.',
      judicialNote: 'Nota riservata del giudice.',
    });
    await acknowledgeMandate(page, base, caseA);
    await reportOnMandate(page, base, caseA, 'care_started', 'Incontri settimanali con la famiglia.');
    expect((await web.mandateAt(caseA, 'care_started')).order).toBe('mandate_level_ii');

    await openCase(page, base, caseA);
    const picture = page.getByRole('img', { name: /Rete degli invii del fascicolo/ });
    await picture.waitFor();
    const summary = (await picture.getAttribute('aria-label')) ?? '';
    expect(summary).toContain('ATS – invio sanitario: Richiesto (SCADUTO)');
    expect(summary).toContain('Polizia Locale – verifica: Concluso');
    expect(summary).toContain('Provvedimento del Tribunale: Presa in carico avviata');
    expect(summary).toContain('Indagine psicosociale: Concluso');
    expect(summary).toContain('Segnalazione di polizia');
    expect(await picture.locator('g[data-overdue="true"]').count()).toBe(1);
    const table = page.getByRole('table', { name: 'Gli stessi collegamenti della figura, in tabella' });
    expect(await table.getByRole('row').count()).toBe(1 + 6); // police, ATS, court, mandate, investigation, signal
    await a11y.check(page, 'case detail with the web of referrals');
    await screenshot(page, 'municipality-case-web');

    // Open loops keep the case open: the refusal shows in the summary.
    await page.getByRole('button', { name: 'Registra il rientro in classe' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /open referral/ })
      .waitFor();
    await a11y.check(page, 'returned to class refused over open loops');

    await withdrawReferral(page, base, caseA, 'health', 'resolved');
    await web.referralAt(caseA, 'health', 'withdrawn');
  });

  it('the worklists of referrals, court orders, investigations and police signals', async () => {
    await page.getByRole('link', { name: 'Invii', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Invii ad altri enti' }).waitFor();
    await page.getByLabel('Ente', { exact: true }).selectOption('court');
    await page.getByRole('cell', { name: 'Pregiudizio per il minore' }).waitFor();
    await page.getByLabel('Ordina per').selectOption('updatedAt');
    await page.getByLabel('Ordine', { exact: true }).selectOption('desc');
    await page.getByRole('link', { name: caseA }).waitFor();
    await a11y.check(page, 'referrals worklist');

    await page.getByRole('link', { name: 'Provvedimenti del Tribunale', exact: true }).click();
    await page.getByRole('article', { name: `Provvedimento sul fascicolo ${caseA}` }).waitFor();
    await page.getByLabel('Aggiornamento sulla presa in carico').waitFor();
    await a11y.check(page, 'mandates worklist');

    await page.getByRole('link', { name: 'Indagini psicosociali', exact: true }).click();
    await page.getByRole('article', { name: `Indagine sul fascicolo ${caseA}` }).waitFor();
    await a11y.check(page, 'investigations worklist');

    await page.getByRole('link', { name: 'Segnalazioni di polizia', exact: true }).click();
    await page.getByRole('cell', { name: /Detenzione per uso personale/ }).waitFor();
    await page.getByLabel('Municipio', { exact: true }).selectOption('2');
    await page.getByLabel('Fascicolo', { exact: true }).selectOption('true');
    await page.getByRole('link', { name: caseA }).waitFor();
    await a11y.check(page, 'police signals');
  });

  it("a family's spontaneous access opens an intake, taken in charge with two programmes, then the child is back in class", async () => {
    const child = intakeFixture(rng, { citizenship: 'newly_arrived', birthDate: '2014-05-10', school: schoolAt(rng, 'secondaria_i') });
    await page.getByRole('link', { name: 'Accesso spontaneo', exact: true }).click();
    await page.getByRole('button', { name: "Registra l'accesso" }).click();
    await page.getByLabel('Codice fiscale').and(page.locator('[aria-invalid="true"]')).waitFor();
    await a11y.check(page, 'spontaneous access with field errors');
    const caseref = await recordSpontaneousAccess(page, base, child);
    await page.getByRole('link', { name: 'Fascicoli', exact: true }).click();
    await page
      .getByRole('row', { name: new RegExp(caseref) })
      .getByText('Nuovo')
      .waitFor();
    expect(await web.case(caseref)).toMatchObject({ state: 'intake', careLevel: 'I' });
    await takeInCharge(page, base, caseref, ['poli_start', 'orientamento']);
    await returnedToClass(page, base, caseref);
    expect((await flow.caseAt(caseref, 'closed')).closureReason).toBe('returned_to_class');
  });

  it('local services report a child through their own screen and read back where it stands', async () => {
    const { context: lsContext, page: ls } = await newCaseworkerPage(browser);
    try {
      await signIn(ls, 'local_services');
      await a11y.check(ls, 'local services form');
      expect(await ls.getByRole('link', { name: 'Fascicoli', exact: true }).count()).toBe(0);
      const caseref = await reportByLocalServices(ls, base, 'Servizio Sociale Professionale Territoriale – Municipio 2', intakeFixture(rng));
      await ls.getByRole('button', { name: 'Consulta lo stato' }).click();
      const status = ls.getByRole('region', { name: 'Stato della segnalazione' });
      await status.getByText('Accoglienza').waitFor();
      expect(await status.textContent()).toContain(caseref);
      await a11y.check(ls, 'local services status');
    } finally {
      await lsContext.close();
    }
  });

  it('a supervisor reassigns a case and reads the access log', async () => {
    const { context: supContext, page: sup } = await newCaseworkerPage(browser);
    try {
      await signIn(sup, 'supervisor');
      await reassign(sup, base, caseA, 'operatore-m.rossi');
      expect((await web.case(caseA)) as unknown).toMatchObject({ assignee: 'operatore-m.rossi' });
      await a11y.check(sup, 'case reassigned');
      await sup.getByRole('link', { name: 'Registro degli accessi', exact: true }).click();
      await sup.getByLabel('Codice fascicolo').fill(caseA);
      await sup.getByRole('button', { name: 'Cerca' }).click();
      await sup.getByRole('cell', { name: caseA }).first().waitFor();
      await a11y.check(sup, 'access log');
    } finally {
      await supContext.close();
    }
  });

  it('an auditor sees the queue, the cases and the web, and no action', async () => {
    const { context: audContext, page: aud } = await newCaseworkerPage(browser);
    try {
      await signIn(aud, 'auditor');
      await aud.getByText('Sola lettura').waitFor();
      expect(await aud.getByRole('link', { name: 'Accesso spontaneo', exact: true }).count()).toBe(0);
      await openCase(aud, base, caseA);
      await aud.getByRole('img', { name: /Rete degli invii del fascicolo/ }).waitFor();
      expect(await aud.getByRole('heading', { name: 'Azioni sul fascicolo' }).count()).toBe(0);
      expect(await aud.locator('main form').count()).toBe(0);
      const actions = ['Prendi in carico', 'Registra il rientro in classe', 'Chiudi il fascicolo', 'Riassegna', 'Conferma la ricezione al Tribunale'];
      for (const name of actions) expect(await aud.getByRole('button', { name }).count()).toBe(0);
      expect(await aud.getByRole('button', { name: /^Ritira/ }).count()).toBe(0);
      await a11y.check(aud, 'auditor case detail');
      await aud.getByRole('link', { name: 'Prima valutazione', exact: true }).click();
      await aud.getByRole('heading', { level: 1, name: 'Coda di prima valutazione' }).waitFor();
      expect(await aud.getByRole('button', { name: 'Inoltra alla Polizia Locale' }).count()).toBe(0);
    } finally {
      await audContext.close();
    }
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.pages.length).toBeGreaterThanOrEqual(15);
    expect(a11y.describe()).toBe('');
  });
});
