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
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  archive,
  decline,
  issueOrder,
  openHearing,
  openProceeding,
  openProsecutorFile,
  petition,
  register,
  requestInvestigation,
} from './steps/court.steps.js';

jest.setTimeout(600_000);

const DAY = 86_400_000;

interface FileBody {
  state: string;
  outcome: string | null;
  archiveReason: string | null;
  prosecutorNote: string | null;
  history: { action: string }[];
}

/**
 * The juvenile court's UI (issue 14): the prosecutor's desk and the court's, driven in chromium as
 * their people would, over a harm report the municipality referred to the court through the API.
 */
describe('court UI: the prosecutor’s desk and the court’s', () => {
  let system: RunningSystem;
  let browser: Browser;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let base: string;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20261130);
  const contexts: BrowserContext[] = [];
  /** The petitioned case, carried from the prosecutor's test to the court's and the auditor's. */
  let petitioned: { caseref: string; fileId: string } | undefined;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_court_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    base = system.services.court.baseUrl;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  const prosecutorApi = () => system.client('court', ['prosecutor']);

  /** As in tests/prosecutor-court.test.ts: a harm report, screened, referred to the court; the prosecutor's file has the referral's id. */
  async function referHarm(): Promise<{ caseref: string; fileId: string }> {
    const report = await flow.file(reportFixture(rng, { concerns: ['harm_to_child'], notes: 'Lividi ricorrenti; il minore riferisce percosse.' }));
    await flow.caseAt(report.caseref, 'screening');
    const referral = await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child', notes: 'Segnalazione di pregiudizio della scuola.' });
    const fileId = await web.received('court', report.caseref);
    expect(fileId).toBe(referral.referralId);
    return { caseref: report.caseref, fileId };
  }

  async function signedIn(role: string): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    contexts.push(context);
    await signInToUi(page, base, { role });
    await page.getByRole('button', { name: 'Esci' }).waitFor();
    return page;
  }

  /** Follows an address inside the app, as its own links do: loading it would sign out (the session lives in memory). */
  const visit = async (page: Page, path: string) =>
    page.evaluate(`history.pushState({}, '', '/ui${path}'); dispatchEvent(new PopStateEvent('popstate', { state: history.state }))`);

  const navLinks = async (page: Page) => page.getByRole('navigation', { name: 'Tribunale per i minorenni' }).getByRole('link').allInnerTexts();
  /** Every button a page offers: an auditor's (or the wrong desk's) may only be the header's. */
  const buttons = async (page: Page) => (await page.getByRole('button').allInnerTexts()).map((text) => text.trim());
  const HEADER_BUTTONS = ['IT', 'EN', 'Esci'];

  /** The focused element's label and text: what a screen reader would announce on Tab. */
  const focusedName = () => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return '';
    return `${el.labels?.[0]?.textContent ?? ''} ${el.textContent ?? ''}`.trim();
  };

  /** Presses Tab until the focused element's name matches, as someone without a mouse would. */
  async function tabTo(page: Page, name: RegExp, max = 80): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(focusedName);
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  it('the prosecutor sees only the prosecutor’s desk, finds a field error beside its field, and petitions the court', async () => {
    const { caseref, fileId } = await referHarm();
    const page = await signedIn('prosecutor');
    await page.getByRole('heading', { name: 'Tribunale per i minorenni di Milano', level: 1 }).waitFor();
    await a11y.check(page, 'prosecutor: home');
    expect(await navLinks(page)).toEqual(['Inizio', 'Procura: fascicoli']);

    await page.getByRole('link', { name: 'Procura: fascicoli' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    const row = page.getByRole('row').filter({ hasText: caseref });
    expect(await row.innerText()).toMatch(/Pregiudizio per il minore[\s\S]*Da esaminare[\s\S]*Scade il/);
    await a11y.check(page, 'prosecutor: worklist');
    await screenshot(page, 'court-prosecutor-desk');

    await openProsecutorFile(page, base, caseref);
    await a11y.check(page, 'prosecutor: new file');
    // No court-desk action on the prosecutor's screens.
    for (const courtAction of ['Iscrivi a ruolo', "Apri l'udienza", "Richiedi l'indagine", 'Emetti il provvedimento'])
      expect(await page.getByRole('button', { name: courtAction }).count()).toBe(0);
    // Declining without a reason: the API's message sits beside the reason.
    await page.getByRole('button', { name: 'Non accogliere' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /reason/ })
      .waitFor();
    const reason = page.getByLabel(/^Motivo( \*)?$/);
    await expect(reason.getAttribute('aria-invalid')).resolves.toBe('true');
    const described = await reason.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described?.split(' ').pop()}"]`).innerText()).toMatch(/reason/);
    await a11y.check(page, 'prosecutor: decline with a field error');
    expect((await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body.state).toBe('requested');

    await petition(page, base, caseref, 'Si chiede l’apertura di un procedimento de potestate.');
    await a11y.check(page, 'prosecutor: petitioned file');
    expect(await page.getByText('Ricorso presentato al Tribunale').count()).toBeGreaterThan(0);
    const file = (await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body;
    expect(file).toMatchObject({ state: 'in_progress', prosecutorNote: 'Si chiede l’apertura di un procedimento de potestate.' });
    expect(file.history.map((h) => h.action)).toEqual(['received', 'accepted_for_examination', 'petitioned']);
    expect(await web.referralAt(caseref, 'court', 'in_progress')).toMatchObject({ stage: 'petitioned' });
    // Nothing is left to do on a petitioned file, and the court's desk is not the prosecutor's.
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
    await visit(page, `/proceedings/${fileId}`);
    await page.getByRole('heading', { name: 'Sportello non disponibile' }).waitFor();
    await a11y.check(page, 'prosecutor: the court’s desk refused');
    petitioned = { caseref, fileId };
  });

  it('the court registers the petition, opens the hearing, asks for an investigation, waits for the report, and issues its order', async () => {
    if (!petitioned) throw new Error('the prosecutor’s test did not petition');
    const { caseref, fileId } = petitioned;
    const page = await signedIn('caseworker');
    expect(await navLinks(page)).toEqual(['Inizio', 'Procedimenti', 'Indagini psicosociali', 'Provvedimenti']);
    await a11y.check(page, 'court: home');

    await page.getByRole('link', { name: 'Procedimenti' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: caseref }).innerText()).toMatch(/Ricorso da iscrivere/);
    await a11y.check(page, 'court: proceedings');
    await screenshot(page, 'court-proceedings');

    // A docket that does not read like one: the API's message beside the field, nothing registered.
    await openProceeding(page, base, caseref);
    for (const prosecutorAction of ['Prendi in esame', 'Presenta ricorso', 'Archivia', 'Non accogliere'])
      expect(await page.getByRole('button', { name: prosecutorAction }).count()).toBe(0);
    expect(await page.getByText('de potestate').count()).toBe(0); // never the prosecutor's note
    await page.getByLabel('Numero di ruolo').fill('123');
    await page.getByRole('button', { name: 'Iscrivi a ruolo' }).click();
    await page.getByText('docket must read like VG 123/2026').waitFor();
    await expect(page.getByLabel('Numero di ruolo').getAttribute('aria-invalid')).resolves.toBe('true');
    await a11y.check(page, 'court: register with a field error');

    await register(page, base, caseref);
    await openHearing(page, base, caseref);
    await requestInvestigation(page, base, caseref, 'Condizioni del nucleo familiare e frequenza scolastica.');
    // While the investigation is open the order is not offered; the screen says why, and the API agrees.
    await page.getByText(/È aperta un'indagine psicosociale/).waitFor();
    expect(await page.getByRole('button', { name: 'Emetti il provvedimento' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: "Richiedi l'indagine" }).count()).toBe(0);
    expect((await system.client('court').post(`/proceedings/${fileId}/orders`, { order: 'dismissal' })).status).toBe(409);
    await a11y.check(page, 'court: proceeding waiting for the report');

    // Social services (the municipality, through its API in this per-agency test) take it on and report.
    const received = await web.investigationAt(caseref, 'requested');
    await web.post('municipality', `/investigations/${received.investigationId}/accept`, undefined, 200);
    const report = 'Nucleo monoparentale; la madre collabora; si propone un sostegno educativo domiciliare.';
    await web.post('municipality', `/investigations/${received.investigationId}/complete`, { report }, 200);
    await eventually(async () => {
      const view = (await system.client('court').get<{ investigations: { state: string }[] }>(`/proceedings/${fileId}`)).body;
      return view.investigations[0]?.state === 'completed' ? true : undefined;
    }, 'the report at the court');

    await openProceeding(page, base, caseref);
    await page.getByRole('cell', { name: 'Relazione ricevuta', exact: true }).first().waitFor();
    await page.getByRole('row').filter({ hasText: 'Relazione ricevuta' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Indagine psicosociale', level: 1 }).waitFor();
    await page.getByText(report).waitFor();
    await a11y.check(page, 'court: investigation with its report');

    await issueOrder(page, base, caseref, 'mandate_level_ii', 'Affida il minore al Servizio Sociale del Comune di Milano.', 'Relazione dei servizi acquisita.');
    await page.getByRole('cell', { name: /In attesa di presa d'atto/ }).waitFor();
    await a11y.check(page, 'court: proceeding with its order');
    await screenshot(page, 'court-proceeding');
    expect(await web.referralAt(caseref, 'court', 'completed')).toMatchObject({ outcome: 'mandate_level_ii', stage: 'order_issued' });
    const file = (await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body;
    expect(file).toMatchObject({ state: 'completed', outcome: 'mandate_level_ii' });
    const history = (await system.client('court').get<{ history: { action: string }[] }>(`/proceedings/${fileId}`)).body.history;
    expect(history.map((h) => h.action)).toEqual([
      'petition_received',
      'registered',
      'hearing_opened',
      'investigation_requested',
      'investigation_accepted',
      'investigation_completed',
      'order_issued',
    ]);
    expect(await buttons(page)).toEqual(HEADER_BUTTONS); // a decided proceeding offers nothing more

    // The order, the worklists of orders and investigations.
    await page.getByRole('row').filter({ hasText: 'Affidamento al Servizio sociale' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Provvedimento', level: 1 }).waitFor();
    await page.getByText('Affida il minore al Servizio Sociale del Comune di Milano.').waitFor();
    await a11y.check(page, 'court: order');
    await page.getByRole('link', { name: 'Provvedimenti' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    await a11y.check(page, 'court: orders');
    await page.getByRole('link', { name: 'Indagini psicosociali' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    await page.getByLabel('Stato', { exact: true }).selectOption('withdrawn');
    await page.getByText('Nessuna indagine corrisponde ai filtri scelti.').waitFor();
    await a11y.check(page, 'court: investigations, filtered to none');

    // The prosecutor's desk is not the court's.
    await visit(page, `/prosecutor/${fileId}`);
    await page.getByRole('heading', { name: 'Sportello non disponibile' }).waitFor();
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
  });

  it('archive path: the prosecutor examines and archives; the municipality learns only that it was archived; new files are flagged', async () => {
    const page = await signedIn('prosecutor');
    await page.getByRole('link', { name: 'Procura: fascicoli' }).first().click();
    await page.getByRole('heading', { name: 'Fascicoli della Procura', level: 1 }).waitFor();
    await page.getByText('Caricamento…').waitFor({ state: 'detached' });
    const { caseref, fileId } = await referHarm();
    // Arrived since this browser last looked: flagged as new.
    await page.getByRole('link', { name: 'Inizio' }).first().click();
    await page.getByRole('link', { name: 'Procura: fascicoli' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: caseref }).innerText()).toMatch(/Nuovo/);

    await archive(page, base, caseref, 'resolved_by_services', 'Il nucleo è seguito dai servizi.');
    await page.getByText('Situazione già seguita dai servizi').first().waitFor();
    await a11y.check(page, 'prosecutor: archived file');
    const file = (await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body;
    expect(file).toMatchObject({ state: 'completed', outcome: 'archived', archiveReason: 'resolved_by_services' });
    expect(await web.referralAt(caseref, 'court', 'completed')).toMatchObject({ outcome: 'archived', stage: 'archived' });
    expect(JSON.stringify(await web.case(caseref))).not.toContain('resolved_by_services');
    expect(await system.count('court', 'SELECT count(*)::int AS n FROM proceedings WHERE caseref = $1', [caseref])).toBe(0);
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
  });

  it('decline path: the prosecutor declines a new referral as not competent; the municipality receives the code', async () => {
    const { caseref, fileId } = await referHarm();
    const page = await signedIn('prosecutor');
    await decline(page, base, caseref, 'not_competent');
    await page.getByText('Incompetenza').first().waitFor();
    await a11y.check(page, 'prosecutor: declined file');
    expect((await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body.state).toBe('declined');
    expect(await web.referralAt(caseref, 'court', 'declined')).toMatchObject({ declineReason: 'not_competent', stage: 'declined' });
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
  });

  it('keyboard only: the prosecutor opens a new file, examines it and petitions the court with Tab, typing and Enter', async () => {
    const { caseref, fileId } = await referHarm();
    const page = await signedIn('prosecutor');
    await page.getByRole('link', { name: 'Procura: fascicoli' }).first().click();
    await page.getByRole('link', { name: caseref }).waitFor();
    await tabTo(page, new RegExp(`^${caseref}$`));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Fascicolo della Procura', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Prendi in esame' }).waitFor();
    await tabTo(page, /^Prendi in esame$/);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Presenta ricorso' }).waitFor();
    await tabTo(page, /^Nota del Pubblico Ministero/);
    await page.keyboard.type('Ricorso presentato senza mouse.');
    await tabTo(page, /^Presenta ricorso$/);
    await page.keyboard.press('Space');
    await page.locator('h2 .badge', { hasText: 'Ricorso al Tribunale' }).waitFor();
    await a11y.check(page, 'prosecutor: petitioned by keyboard');
    expect((await prosecutorApi().get<FileBody>(`/prosecutor-files/${fileId}`)).body).toMatchObject({
      state: 'in_progress',
      prosecutorNote: 'Ricorso presentato senza mouse.',
    });
    petitioned = { caseref, fileId };
  });

  it('a supervisor reassigns an open proceeding and reads the access log', async () => {
    if (!petitioned) throw new Error('no petitioned proceeding');
    const { caseref, fileId } = petitioned;
    const page = await signedIn('supervisor');
    expect(await navLinks(page)).toEqual(['Inizio', 'Procedimenti', 'Indagini psicosociali', 'Provvedimenti', 'Registro degli accessi']);
    await openProceeding(page, base, caseref);
    await page.getByLabel('Giudice o funzionario assegnatario').fill('giudice.rossi');
    await page.getByRole('button', { name: 'Assegna' }).click();
    await page.getByRole('status').filter({ hasText: 'Procedimento assegnato.' }).waitFor();
    await page.getByText('a giudice.rossi').first().waitFor();
    expect((await system.client('court').get<{ assignee: string }>(`/proceedings/${fileId}`)).body.assignee).toBe('giudice.rossi');
    await a11y.check(page, 'supervisor: proceeding with its actions');

    await page.getByRole('link', { name: 'Registro degli accessi' }).first().click();
    await page.getByRole('heading', { name: 'Registro degli accessi', level: 1 }).waitFor();
    await page.getByRole('cell', { name: caseref }).first().waitFor();
    await a11y.check(page, 'supervisor: access log');
    await page.getByLabel('Caso', { exact: true }).fill('not-a-caseref');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.getByText('caseref must look like CR-…').first().waitFor();
    await expect(page.getByLabel('Caso', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await a11y.check(page, 'supervisor: access log with a field error');
  });

  it('an auditor reads both desks and the access log, and is offered no action anywhere', async () => {
    if (!petitioned) throw new Error('no petitioned proceeding');
    const { caseref } = petitioned;
    const page = await signedIn('auditor');
    expect(await navLinks(page)).toEqual(['Inizio', 'Procura: fascicoli', 'Procedimenti', 'Indagini psicosociali', 'Provvedimenti', 'Registro degli accessi']);
    await page.getByText('Sola lettura').waitFor();
    await openProsecutorFile(page, base, caseref);
    await page.getByText('Ricorso presentato senza mouse.').waitFor();
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
    await a11y.check(page, 'auditor: prosecutor’s file');
    await openProceeding(page, base, caseref);
    await page.getByText('giudice.rossi').first().waitFor();
    expect(await buttons(page)).toEqual(HEADER_BUTTONS);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    await a11y.check(page, 'auditor: proceeding');
    await page.getByRole('link', { name: 'Registro degli accessi' }).first().click();
    await page.getByRole('cell', { name: caseref }).first().waitFor();
    await a11y.check(page, 'auditor: access log');
  });

  it('English is one click away on the court desk too', async () => {
    const page = await signedIn('caseworker');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('link', { name: 'Proceedings' }).first().click();
    await page.getByRole('heading', { name: 'Proceedings', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Order issued' }).first().waitFor();
    await a11y.check(page, 'court: proceedings in English');
  });

  it('overdue: once an investigation’s report is past its (default) due date, the worklist and the file say so', async () => {
    if (!petitioned) throw new Error('no petitioned proceeding');
    const { caseref, fileId } = petitioned;
    const page = await signedIn('caseworker');
    await register(page, base, caseref);
    await requestInvestigation(page, base, caseref, 'Situazione abitativa e scolastica.');
    const [investigation] = (await system.client('court').get<{ investigations: { id: string }[] }>(`/proceedings/${fileId}`)).body.investigations;
    // The due date passes while the court is down: its timer fires once it is back (60 days by default).
    await system.services.court.kill();
    system.advanceClock(61 * DAY);
    await system.restart('court');
    await eventually(async () => {
      const list = await system.client('court').get<{ items: { id: string }[] }>('/investigations?overdue=true');
      return list.body.items.find((i) => i.id === investigation?.id);
    }, 'the court to flag the overdue investigation');

    const late = await signedIn('caseworker');
    await late.getByRole('link', { name: 'Indagini psicosociali' }).first().click();
    await late.getByRole('link', { name: caseref }).waitFor();
    expect(await late.getByRole('row').filter({ hasText: caseref }).innerText()).toMatch(/Scaduto/);
    await late.getByText('Solo scaduti', { exact: true }).click(); // Bootstrap Italia draws the box over the label
    await expect(late.getByRole('checkbox', { name: 'Solo scaduti' }).isChecked()).resolves.toBe(true);
    await late.getByRole('link', { name: caseref }).waitFor();
    await a11y.check(late, 'court: overdue investigations');
    await openProceeding(late, base, caseref);
    await late.getByRole('row').filter({ hasText: 'Richiesta' }).getByText('Scaduto').waitFor();
    await late.getByText('Relazione oltre il termine').waitFor();
    await a11y.check(late, 'court: proceeding with an overdue report');
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.describe()).toBe('');
    expect(a11y.pages.length).toBeGreaterThanOrEqual(20);
  });
});
