import type { Page } from 'playwright-core';

/**
 * The juvenile court's steps of the cross-agency flow, through its UI only (labels a caseworker
 * reads, no API calls): the prosecutor's desk (accept for examination, petition, archive) and the
 * court's (register, hearing, investigation, order). Each waits for its effect on the screen.
 */

export type ArchiveReason = 'no_prejudice_found' | 'insufficient_evidence' | 'resolved_by_services' | 'not_competent';
export type DeclineReason = 'not_competent' | 'insufficient_grounds';
export type CourtOrder = 'mandate_level_ii' | 'dismissal';

const PROSECUTOR_STATE = { declined: 'Non accolta', accepted: 'In esame', petitioned: 'Ricorso al Tribunale', concluded: 'Definita' };
const PROCEEDING_STATE = { registered: 'Iscritto a ruolo', hearing: 'In udienza', ordered: 'Provvedimento emesso' };

/**
 * Opens the row of a worklist that names the case, paging on until it shows. The worklist is
 * reached through the UI's navigation: the session lives in memory, so loading an address would
 * sign the caseworker out.
 */
async function openFromWorklist(page: Page, base: string, desk: string, caseref: string): Promise<void> {
  if (!page.url().startsWith(`${base}/ui`)) throw new Error(`the page is not on the court UI at ${base}/ui: sign in first`);
  await page.getByRole('navigation', { name: 'Tribunale per i minorenni' }).getByRole('link', { name: desk, exact: true }).click();
  await page.getByRole('heading', { name: desk === 'Procedimenti' ? 'Procedimenti' : 'Fascicoli della Procura', level: 1 }).waitFor();
  for (;;) {
    await page.getByText('Caricamento…').waitFor({ state: 'detached' });
    const link = page.getByRole('link', { name: caseref, exact: true });
    if ((await link.count()) > 0) {
      await link.first().click();
      break;
    }
    const next = page.getByRole('button', { name: 'Successiva' });
    if ((await next.count()) === 0 || (await next.isDisabled())) throw new Error(`${caseref} is not on the worklist ${desk}`);
    await next.click();
  }
  await page.getByText('Caricamento…').waitFor({ state: 'detached' });
}

/** A file's state badge (in the desk's own words) beside its title. */
async function stateIs(page: Page, label: string): Promise<void> {
  await page.locator('h2 .badge', { hasText: label }).first().waitFor();
}

export async function openProsecutorFile(page: Page, base: string, caseref: string): Promise<void> {
  await openFromWorklist(page, base, 'Procura: fascicoli', caseref);
  await page.getByRole('heading', { name: 'Fascicolo della Procura', level: 1 }).waitFor();
  await page.getByRole('heading', { name: new RegExp(caseref) }).waitFor();
}

export async function openProceeding(page: Page, base: string, caseref: string): Promise<void> {
  await openFromWorklist(page, base, 'Procedimenti', caseref);
  await page.getByRole('heading', { name: 'Fascicolo del procedimento', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Cronologia' }).waitFor();
}

/** The prosecutor takes a new referral into examination (the municipality sees it accepted). */
export async function acceptForExamination(page: Page, base: string, caseref: string): Promise<void> {
  await openProsecutorFile(page, base, caseref);
  await page.getByRole('button', { name: 'Prendi in esame' }).click();
  await stateIs(page, PROSECUTOR_STATE.accepted);
}

/** The prosecutor examines the referral (if still new) and petitions the court (ricorso). */
export async function petition(page: Page, base: string, caseref: string, note?: string): Promise<void> {
  await openProsecutorFile(page, base, caseref);
  const accept = page.getByRole('button', { name: 'Prendi in esame' });
  if ((await accept.count()) > 0) {
    await accept.click();
    await stateIs(page, PROSECUTOR_STATE.accepted);
  }
  if (note) await page.getByLabel('Nota del Pubblico Ministero (facoltativa)').fill(note);
  await page.getByRole('button', { name: 'Presenta ricorso' }).click();
  await stateIs(page, PROSECUTOR_STATE.petitioned);
}

/** The prosecutor examines the referral (if still new) and archives it with a reason the municipality never learns. */
export async function archive(page: Page, base: string, caseref: string, reason: ArchiveReason, note?: string): Promise<void> {
  await openProsecutorFile(page, base, caseref);
  const accept = page.getByRole('button', { name: 'Prendi in esame' });
  if ((await accept.count()) > 0) {
    await accept.click();
    await stateIs(page, PROSECUTOR_STATE.accepted);
  }
  await page.getByLabel("Motivo dell'archiviazione").selectOption(reason);
  if (note) await page.getByLabel('Nota di archiviazione (facoltativa)').fill(note);
  await page.getByRole('button', { name: 'Archivia' }).click();
  await stateIs(page, PROSECUTOR_STATE.concluded);
}

/** The prosecutor declines a new referral with a reason code (the municipality receives the code). */
export async function decline(page: Page, base: string, caseref: string, reason: DeclineReason): Promise<void> {
  await openProsecutorFile(page, base, caseref);
  await page.getByLabel(/^Motivo( \*)?$/).selectOption(reason);
  await page.getByRole('button', { name: 'Non accogliere' }).click();
  await stateIs(page, PROSECUTOR_STATE.declined);
}

/** A docket number of the case's own (register, number, year), unique across the run's cases. */
export function docketFor(caseref: string): string {
  return `VG ${parseInt(caseref.slice(3, 9), 36) % 10_000_000}/2026`;
}

/** The registry enters the prosecutor's petition on the roll under a docket number. */
export async function register(page: Page, base: string, caseref: string, docket = docketFor(caseref)): Promise<void> {
  await openProceeding(page, base, caseref);
  await page.getByLabel('Numero di ruolo').fill(docket);
  await page.getByRole('button', { name: 'Iscrivi a ruolo' }).click();
  await stateIs(page, PROCEEDING_STATE.registered);
}

/** The court opens the hearing of a registered proceeding (the API takes no date: it records when). */
export async function openHearing(page: Page, base: string, caseref: string): Promise<void> {
  await openProceeding(page, base, caseref);
  await page.getByRole('button', { name: "Apri l'udienza" }).click();
  await stateIs(page, PROCEEDING_STATE.hearing);
}

/** The court asks the municipality's social services for a psychosocial investigation. */
export async function requestInvestigation(
  page: Page,
  base: string,
  caseref: string,
  questions = 'Condizioni del nucleo familiare, frequenza scolastica, rete di supporto; capacità genitoriali.',
): Promise<void> {
  await openProceeding(page, base, caseref);
  await page.getByLabel('Quesiti ai servizi sociali').fill(questions);
  await page.getByRole('button', { name: "Richiedi l'indagine" }).click();
  await page.getByRole('status').filter({ hasText: 'Indagine psicosociale richiesta' }).waitFor();
  await page.getByRole('cell', { name: 'Richiesta', exact: true }).waitFor();
}

/** The court issues its order (once no investigation is open), which completes the referral. */
export async function issueOrder(page: Page, base: string, caseref: string, order: CourtOrder, operativePart?: string, judicialNote?: string): Promise<void> {
  await openProceeding(page, base, caseref);
  await page.getByLabel('Decisione').selectOption(order);
  if (operativePart) await page.getByLabel('Dispositivo (facoltativo)').fill(operativePart);
  if (judicialNote) await page.getByLabel('Motivazione del giudice (facoltativa)').fill(judicialNote);
  await page.getByRole('button', { name: 'Emetti il provvedimento' }).click();
  await stateIs(page, PROCEEDING_STATE.ordered);
}
