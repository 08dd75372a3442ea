import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import {
  freeSystemPorts,
  kindReportFixture,
  launchChromium,
  newCaseworkerPage,
  reportFixture,
  Rng,
  RunningSystem,
  screenshot,
  signInToUi,
} from '@casenet/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fileReport, waitForReportStatus } from './steps/schools.steps.js';
import * as municipality from './steps/municipality.steps.js';
import { recordVerificationOutcome } from './steps/police.steps.js';
import { acceptReferral, completeReferral, startCare } from './steps/health.steps.js';
import * as court from './steps/court.steps.js';

jest.setTimeout(1_200_000);

const SCHOOL = { code: 'MIEE123456', name: 'Scuola primaria Giacosa', level: 'primaria' as const };

/** Until an agency's UI shows what another agency sent it over Kafka: the step fails while it has not arrived. */
async function once<T>(what: string, step: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (Date.now() > until) throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * One report of each path, from the school's form to the status back at the school, through the
 * five caseworker UIs only: each caseworker in a browser profile of their own, signed in through
 * their agency's UI. No API call in a test body: what travels between agencies goes over the real
 * broker, and each step waits for it on screen.
 */
describe('one report of each path, through the five caseworker UIs only', () => {
  let system: RunningSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const desk = {} as Record<Agency | 'prosecutor', Page>;
  const base = {} as Record<Agency, string>;
  const rng = new Rng(20261201);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_e2e_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    browser = await launchChromium();
    for (const agency of AGENCIES) base[agency] = system.services[agency].baseUrl;
    const signIn = async (key: Agency | 'prosecutor', agency: Agency, role: string, schoolCodes?: string) => {
      const { context, page } = await newCaseworkerPage(browser);
      contexts.push(context);
      await signInToUi(page, base[agency], { role, schoolCodes });
      await page.getByRole('button', { name: 'Esci' }).waitFor();
      desk[key] = page;
    };
    await signIn('schools', 'schools', 'caseworker', SCHOOL.code);
    await signIn('municipality', 'municipality', 'caseworker');
    await signIn('police', 'police', 'caseworker');
    await signIn('health', 'health', 'caseworker');
    await signIn('court', 'court', 'caseworker');
    await signIn('prosecutor', 'court', 'prosecutor');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await system?.stop();
  });

  it('an absence closed at screening: the school reads that the pupil came back at once', async () => {
    const caseref = await fileReport(desk.schools, base.schools, { ...reportFixture(rng, { school: SCHOOL }), kind: 'absence' });
    await once('the case in the municipality', () => municipality.openCase(desk.municipality, base.municipality, caseref));
    await municipality.closeAtScreening(desk.municipality, base.municipality, caseref, 'immediate_return');
    const timeline = await waitForReportStatus(desk.schools, base.schools, caseref, 'closed_immediate_return');
    expect(timeline.at(-1)).toBe('Chiusa: rientro immediato a scuola');
  });

  it('an absence verified by police, taken in charge with a programme, back in class: the school reads each step', async () => {
    const caseref = await fileReport(desk.schools, base.schools, { ...reportFixture(rng, { school: SCHOOL }), kind: 'absence' });
    await once('the case in the municipality', () => municipality.openCase(desk.municipality, base.municipality, caseref));
    await municipality.forwardToPolice(desk.municipality, base.municipality, caseref);
    await recordVerificationOutcome(desk.police, base.police, caseref, 'confirmed_absent');
    await municipality.takeInCharge(desk.municipality, base.municipality, caseref, ['tutoring_educativo']);
    await municipality.returnedToClass(desk.municipality, base.municipality, caseref);
    const timeline = await waitForReportStatus(desk.schools, base.schools, caseref, 'returned_to_class');
    expect(timeline).toEqual(
      expect.arrayContaining([
        'Accertamento richiesto alla Polizia Locale',
        'Accertamento concluso',
        'Presa in carico dai servizi sociali',
        'Alunno/a rientrato/a in classe',
      ]),
    );
    await screenshot(desk.schools, 'schools-report-timeline');
  });

  it('substance use referred to ATS, cared for at SerD, taken in charge: the school reads the taking in charge', async () => {
    const caseref = await fileReport(desk.schools, base.schools, kindReportFixture(rng, 'substance_use', { school: SCHOOL }));
    await once('the case in the municipality', () => municipality.openCase(desk.municipality, base.municipality, caseref));
    await municipality.referTo(desk.municipality, base.municipality, caseref, 'health', 'substance_use', 'La famiglia è d’accordo.');
    await acceptReferral(desk.health, base.health, caseref);
    await startCare(desk.health, base.health, caseref, 'asst_santi_paolo_e_carlo', 'serd');
    await completeReferral(desk.health, base.health, caseref, 'care_plan_completed', 'Sei colloqui al SerD.');
    await municipality.takeInCharge(desk.municipality, base.municipality, caseref, ['tutoring_educativo']);
    await municipality.openCase(desk.municipality, base.municipality, caseref);
    await desk.municipality.getByText('Concluso').first().waitFor();
    await waitForReportStatus(desk.schools, base.schools, caseref, 'taken_in_charge');
  });

  it('harm referred to the prosecutor, petitioned, investigated, ordered, mandated: the school reads the taking in charge', async () => {
    const caseref = await fileReport(desk.schools, base.schools, kindReportFixture(rng, 'harm_to_child', { school: SCHOOL }));
    await once('the case in the municipality', () => municipality.openCase(desk.municipality, base.municipality, caseref));
    await municipality.referTo(desk.municipality, base.municipality, caseref, 'court', 'harm_to_child');
    await once('the referral at the prosecutor', () => court.openProsecutorFile(desk.prosecutor, base.court, caseref));
    await court.petition(desk.prosecutor, base.court, caseref, 'Ricorso per la tutela del minore.');
    await once('the petition at the court', () => court.openProceeding(desk.court, base.court, caseref));
    await court.register(desk.court, base.court, caseref);
    await court.openHearing(desk.court, base.court, caseref);
    await court.requestInvestigation(desk.court, base.court, caseref);
    await municipality.acceptInvestigation(desk.municipality, base.municipality, caseref);
    await municipality.completeInvestigation(desk.municipality, base.municipality, caseref);
    await once('the investigation report at the court', () =>
      court.issueOrder(desk.court, base.court, caseref, 'mandate_level_ii', 'Affida il minore al Servizio Sociale.'),
    );
    await municipality.acknowledgeMandate(desk.municipality, base.municipality, caseref);
    await municipality.takeInCharge(desk.municipality, base.municipality, caseref, ['tutoring_educativo']);
    await municipality.reportOnMandate(desk.municipality, base.municipality, caseref, 'care_started', 'Presa in carico avviata con l’educatrice.');
    await screenshot(desk.municipality, 'municipality-case-web-court');
    await waitForReportStatus(desk.schools, base.schools, caseref, 'taken_in_charge');
  });
});
