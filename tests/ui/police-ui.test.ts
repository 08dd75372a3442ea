import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AccessibilityLog,
  eventually,
  FlowSteps,
  freeSystemPorts,
  launchChromium,
  newCaseworkerPage,
  reportFixture,
  Rng,
  RunningSystem,
  screenshot,
  signInToUi,
} from '@casenet/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fillDrugEvent, openFromWorklist, openVerification, recordDrugEvent, recordVerificationOutcome } from './steps/police.steps.js';

jest.setTimeout(600_000);

const DAY = 24 * 60 * 60 * 1000;

interface VerificationPage {
  items: { id: string; caseref: string; status: string; outcome: string | null; note: string | null; overdue: boolean }[];
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

describe('the Polizia Locale UI: verifications, drug events and the access log, as officers use them', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let browser: Browser;
  let base: string;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20261201);
  const contexts: BrowserContext[] = [];
  const caserefs: string[] = [];

  async function signedIn(role: string): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    contexts.push(context);
    await signInToUi(page, base, { role });
    await page.getByRole('heading', { level: 1, name: 'Verifiche di residenza e frequenza' }).waitFor();
    return page;
  }

  /** A report forwarded by the municipality: a verification request in the officers' worklist. */
  async function verificationRequested(): Promise<string> {
    const report = await flow.file(reportFixture(rng));
    await flow.caseAt(report.caseref, 'screening');
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await eventually(
      async () => (await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [report.caseref]))[0],
      'the request at police',
    );
    return report.caseref;
  }

  const verifications = async (query: string) => (await system.client('police').get<VerificationPage>(`/verifications?${query}`)).body;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_police_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    base = system.services.police.baseUrl;
    browser = await launchChromium();
    caserefs.push(await verificationRequested(), await verificationRequested());
    // The municipality gave police 10 days: past them, both requests are flagged overdue.
    system.advanceClock(11 * DAY);
    await eventually(async () => ((await verifications('overdue=true')).total === 2 ? true : undefined), 'both requests flagged overdue at police');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await system?.stop();
  });

  it('the worklist shows the pending requests, overdue ones marked, and filters them', async () => {
    const page = await signedIn('caseworker');
    const [first, second] = caserefs;
    const row = (caseref: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: caseref, exact: true }) });
    await row(first!).waitFor();
    expect(await row(first!).getByText('Scaduto').count()).toBe(1);
    expect(await row(second!).getByText('Da verificare').count()).toBe(1);
    await a11y.check(page, 'police: verifications worklist');
    await screenshot(page, 'police-verifications');

    await page.getByLabel('Termine').selectOption({ label: 'Solo nei termini' });
    await page.getByText('Nessuna richiesta di verifica con questi filtri.').waitFor();
    await a11y.check(page, 'police: verifications, empty filter');
    await page.getByLabel('Termine').selectOption({ label: 'Solo scadute' });
    await row(first!).waitFor();
    expect(await page.getByText('2 in tutto').count()).toBe(1);

    // A request that arrives after the officer looked is marked new the next time the list opens.
    const third = await verificationRequested();
    caserefs.push(third);
    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Eventi stupefacenti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eventi connessi agli stupefacenti' }).waitFor();
    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Verifiche di residenza' }).click();
    await row(third).waitFor();
    expect(await row(third).getByText('Nuovo').count()).toBe(1);
    expect(await row(first!).getByText('Nuovo').count()).toBe(0);

    // English is one click away; outcomes and states keep their labels.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Residence and attendance checks' }).waitFor();
    await row(third).getByText('To verify').waitFor();
    await a11y.check(page, 'police: verifications in English');
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Verifiche di residenza e frequenza' }).waitFor();
  });

  it('shows whom to look for and where; an outcome left out is named beside its field; the outcome is recorded', async () => {
    const page = await signedIn('caseworker');
    const [first] = caserefs;
    await openVerification(page, base, first!);
    const view = (await verifications('status=pending')).items.find((item) => item.caseref === first)!;
    const detail = (await system.client('police').get<{ pupil: { taxCode: string }; residence: { address: string } }>(`/verifications/${view.id}`)).body;
    await page.getByText(detail.pupil.taxCode).waitFor();
    await page.getByText(detail.residence.address).waitFor();
    expect(await page.getByText('Scaduto').count()).toBe(1);
    await a11y.check(page, 'police: verification request');
    await screenshot(page, 'police-verification');

    await page.getByRole('button', { name: "Registra l'esito" }).click();
    const outcome = page.getByLabel(/^Esito/);
    await invalid(page, outcome);
    const describedBy = (await outcome.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText()).toMatch(/outcome/);
    await a11y.check(page, 'police: outcome form with an error');

    await recordVerificationOutcome(page, base, first!, 'confirmed_absent', 'Visitato due volte; i vicini confermano la presenza della famiglia.');
    await page.getByText('Assenza confermata').waitFor();
    await page.getByText('Visitato due volte').waitFor();
    expect(await page.getByRole('button', { name: "Registra l'esito" }).count()).toBe(0);
    await a11y.check(page, 'police: verification completed');
    await flow.caseAt(first!, 'verified');
    expect((await system.client('police').get<{ outcome: string }>(`/verifications/${view.id}`)).body.outcome).toBe('confirmed_absent');

    await page.getByRole('link', { name: '← Torna alle verifiche' }).click();
    await page.getByLabel('Stato', { exact: true }).selectOption({ label: 'Verifica conclusa' });
    const done = page.getByRole('row').filter({ has: page.getByRole('link', { name: first!, exact: true }) });
    await done.getByText('Assenza confermata').waitFor();
  });

  it('records an outcome with the keyboard alone', async () => {
    const page = await signedIn('caseworker');
    const second = caserefs[1]!;
    await openVerification(page, base, second);
    await tabTo(page, /^Esito/);
    await page.keyboard.type('Ha'); // the select's own type-ahead picks "Ha ripreso la frequenza"
    await tabTo(page, /^Annotazioni degli agenti/);
    await page.keyboard.type('Rientrato in classe il lunedì successivo.');
    await tabTo(page, /^Registra l'esito$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Esito degli accertamenti' }).waitFor();
    await page.getByText('Ha ripreso la frequenza').waitFor();
    await a11y.check(page, 'police: outcome recorded by keyboard');
    const items = (await verifications('status=completed')).items;
    expect(items.find((item) => item.caseref === second)).toMatchObject({ outcome: 'attending_again' });
  });

  it('records a drug event: each field the API refuses says why beside it; the event is listed and opened', async () => {
    const page = await signedIn('caseworker');
    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Eventi stupefacenti' }).click();
    await page.getByText('Nessun evento registrato con questi filtri.').waitFor();
    await a11y.check(page, 'police: drug events, none yet');
    await page.getByRole('link', { name: 'Registra un evento' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registra un evento connesso agli stupefacenti' }).waitFor();
    await a11y.check(page, 'police: record a drug event');

    await fillDrugEvent(page, { pupil: { firstName: 'Luca', lastName: '', birthDate: '2012-03-04' }, note: 'x'.repeat(2001) });
    await page.getByRole('button', { name: "Registra l'evento" }).click();
    for (const label of [/^Cognome/, /^Tipo di evento/, /^Data e ora dell'evento/, /^Annotazioni degli agenti/]) {
      await invalid(page, page.getByLabel(label));
    }
    await expect(page.getByLabel(/^Nome/).getAttribute('aria-invalid')).resolves.toBe('false');
    await page.getByText('Controlla i campi evidenziati.').waitFor();
    await a11y.check(page, 'police: drug event form with errors');

    const fixture = reportFixture(rng);
    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Verifiche di residenza' }).click();
    const caseref = await recordDrugEvent(page, base, {
      pupil: fixture.pupil,
      kind: 'possession_for_personal_use',
      occurredAt: '2026-11-20T08:15',
      municipio: 2,
      note: 'Fermato vicino al cancello della scuola con un compagno.',
    });
    expect(caseref).toMatch(/^CR-/);
    await page.getByText('Detenzione per uso personale').waitFor();
    await page.getByText('Fermato vicino al cancello').waitFor();
    await page.getByText('Municipio 2').waitFor();
    await a11y.check(page, 'police: drug event');
    const listed = (await system.client('police').get<{ items: { caseref: string; note: string; municipio: number }[] }>('/drug-events')).body.items;
    expect(listed).toEqual([expect.objectContaining({ caseref, municipio: 2, note: 'Fermato vicino al cancello della scuola con un compagno.' })]);

    await page.getByRole('link', { name: '← Torna agli eventi' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseref, exact: true }) });
    await row.getByText('Detenzione per uso personale').waitFor();
    await screenshot(page, 'police-drug-events');
    await page.getByLabel('Tipo di evento').selectOption({ label: 'Sospetta cessione' });
    await page.getByText('Nessun evento registrato con questi filtri.').waitFor();
    await page.getByLabel('Tipo di evento').selectOption({ label: 'Detenzione per uso personale' });
    await row.waitFor();
    await page.getByLabel('Avvenuti dal').fill('2026-11-21');
    await page.getByText('Nessun evento registrato con questi filtri.').waitFor();
    await page.getByLabel('Avvenuti dal').fill('2026-11-20');
    await page.getByLabel('Avvenuti fino al').fill('2026-11-20');
    await row.waitFor();
    await page.getByLabel('Ordina per').selectOption({ label: 'Data di registrazione, le più recenti in alto' });
    await row.waitFor();
    await a11y.check(page, 'police: drug events, filtered');
    await openFromWorklist(page, caseref);
    await page.getByRole('heading', { level: 1, name: 'Evento connesso agli stupefacenti' }).waitFor();
  });

  it('a supervisor reads the access log; a caseworker has no way to it', async () => {
    const caseworker = await signedIn('caseworker');
    expect(await caseworker.getByRole('link', { name: 'Registro degli accessi' }).count()).toBe(0);

    const page = await signedIn('supervisor');
    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Registro degli accessi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro degli accessi' }).waitFor();
    await page.getByRole('cell', { name: 'Verifica di residenza' }).first().waitFor();
    await a11y.check(page, 'police: access log');
    await page.getByLabel('Riferimento fascicolo').fill(caserefs[0]!);
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByRole('cell', { name: caserefs[0]!, exact: true }).first().waitFor();
    const shown = await page.getByRole('row').count();
    expect(shown).toBeGreaterThan(1);
    expect(await page.getByRole('cell', { name: caserefs[1]!, exact: true }).count()).toBe(0);
    const who = (await page.getByRole('row').nth(1).getByRole('cell').nth(1).innerText()).trim();
    await page.getByLabel('Chi ha letto (identificativo)').fill(who);
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByRole('cell', { name: who, exact: true }).first().waitFor();

    // A supervisor may act too.
    await openVerification(page, base, caserefs[2]!);
    await page.getByRole('button', { name: "Registra l'esito" }).waitFor();
  });

  it('an auditor sees the requests, the events and the log, and no action at all', async () => {
    const page = await signedIn('auditor');
    await page.getByText('Sola lettura').waitFor();
    await openVerification(page, base, caserefs[2]!);
    await page.getByText('Chi cercare').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await a11y.check(page, 'police: verification, read-only');

    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Eventi stupefacenti' }).click();
    await page.getByRole('cell', { name: 'Detenzione per uso personale' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Registra un evento' }).count()).toBe(0);
    await a11y.check(page, 'police: drug events, read-only');

    await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: 'Registro degli accessi' }).click();
    await page.getByRole('cell', { name: 'Registrazione eventi stupefacenti' }).first().waitFor();
    await a11y.check(page, 'police: access log, read-only');
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.pages.length).toBeGreaterThanOrEqual(12);
    expect(a11y.describe()).toBe('');
  });
});
