import type { Locator, Page } from 'playwright-core';

/**
 * The municipality's steps of the cross-agency flow, through its caseworker UI only (Italian
 * labels, no API calls). Each takes a page signed in to the municipality UI at `base` and waits
 * for the effect to show on screen. The session lives in the page's memory, so the steps move
 * through the app's own links and never reload it.
 */

const WAIT = 30_000;

/** The catalogue's ids as the screens name the programmes (apps/municipality/programmes/catalogue.yaml). */
const PROGRAMME_NAMES: Record<string, string> = {
  tutoring_educativo: 'Tutoring Educativo',
  poli_start: 'Poli Start',
  orientamento: 'Orientamento',
  wemi_scuola: 'WeMi Scuola',
  second_chance: 'Scuola di seconda opportunità',
};

function onUi(page: Page, base: string): void {
  if (!page.url().startsWith(`${base}/ui`)) throw new Error(`the page is not on the municipality UI at ${base}/ui (sign in first)`);
}

async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Comune di Milano' }).getByRole('link', { name, exact: true }).click();
}

/** Opens a case from the worklist's "open by reference" field. */
export async function openCase(page: Page, base: string, caseref: string): Promise<void> {
  onUi(page, base);
  await nav(page, 'Fascicoli');
  await page.getByLabel('Codice del fascicolo da aprire').fill(caseref);
  await page.getByRole('button', { name: 'Apri', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(caseref) }).waitFor();
  await page.getByRole('heading', { name: 'Rete degli invii' }).waitFor({ timeout: WAIT });
}

/** Asks the case for the latest (other agencies answer over Kafka) until `target` shows. */
async function until(page: Page, target: Locator, what: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    if (await target.first().isVisible()) return;
    await page.getByRole('button', { name: 'Aggiorna' }).click();
    await page.waitForTimeout(500);
  }
  throw new Error(`the case never showed ${what}`);
}

/** Opens the screening decision on a case of the queue. */
async function decide(page: Page, base: string, caseref: string): Promise<void> {
  onUi(page, base);
  await nav(page, 'Prima valutazione');
  await page.getByRole('button', { name: `Decidi sul fascicolo ${caseref}` }).click();
  await page.getByRole('heading', { name: `Decisione sul fascicolo ${caseref}` }).waitFor();
}

export async function forwardToPolice(page: Page, base: string, caseref: string): Promise<void> {
  await decide(page, base, caseref);
  await page.getByRole('button', { name: 'Inoltra alla Polizia Locale' }).click();
  await page.getByText(`Fascicolo ${caseref} inoltrato alla Polizia Locale per la verifica.`).waitFor({ timeout: WAIT });
}

export async function closeAtScreening(
  page: Page,
  base: string,
  caseref: string,
  reason: 'immediate_return' | 'clerical_error' | 'non_resident',
): Promise<void> {
  await decide(page, base, caseref);
  await page.getByLabel("Motivo dell'archiviazione").selectOption(reason);
  await page.getByRole('button', { name: 'Archivia il fascicolo' }).click();
  await page.getByText(`Fascicolo ${caseref} archiviato.`).waitFor({ timeout: WAIT });
}

/** Takes a verified case (or an intake) in charge with programmes (catalogue ids or names) and an educator. */
export async function takeInCharge(
  page: Page,
  base: string,
  caseref: string,
  programmes: string[],
  educator = 'Educatrice M. Bianchi',
  citizenship?: 'italian' | 'non_italian' | 'newly_arrived',
): Promise<void> {
  await openCase(page, base, caseref);
  await until(page, page.getByRole('button', { name: 'Prendi in carico' }), 'the take-in-charge form');
  await fillTakeInCharge(page, programmes, educator, citizenship);
  await page.getByRole('button', { name: 'Prendi in carico' }).click();
  await page.getByText('Preso in carico', { exact: true }).first().waitFor({ timeout: WAIT });
}

/** Fills the take-in-charge form without sending it (the test shows a refusal beside the programmes with it). */
export async function fillTakeInCharge(page: Page, programmes: string[], educator: string, citizenship?: string): Promise<void> {
  const group = page.getByRole('group', { name: 'Progetti del catalogo' });
  const wanted = programmes.map((programme) => PROGRAMME_NAMES[programme] ?? programme);
  // Bootstrap Italia draws the box on the label, so a person clicks the label.
  for (const label of await group.locator('label').allTextContents()) {
    const box = group.getByLabel(label, { exact: true });
    if ((await box.isChecked()) !== wanted.includes(label)) await group.getByText(label, { exact: true }).click();
  }
  for (const label of wanted) if (!(await group.getByLabel(label, { exact: true }).isChecked())) throw new Error(`no programme ${label} to tick`);
  await page.getByLabel('Educatore assegnato').fill(educator);
  if (citizenship) await page.getByLabel('Cittadinanza del minore').selectOption(citizenship);
}

export async function returnedToClass(page: Page, base: string, caseref: string): Promise<void> {
  await openCase(page, base, caseref);
  await page.getByRole('button', { name: 'Registra il rientro in classe' }).click();
  await page.getByText('Rientrato in classe').first().waitFor({ timeout: WAIT });
}

export async function closeCase(page: Page, base: string, caseref: string, reason: string): Promise<void> {
  await openCase(page, base, caseref);
  await page.getByLabel('Motivo della chiusura', { exact: true }).selectOption(reason);
  await page.getByRole('button', { name: 'Chiudi il fascicolo' }).click();
  await page.getByRole('heading', { name: 'Azioni sul fascicolo' }).waitFor({ state: 'detached', timeout: WAIT });
}

/** Refers the child to ATS (`reason` a concern) or to the prosecutor for the juvenile court (`reason` the grounds). */
export async function referTo(page: Page, base: string, caseref: string, target: 'health' | 'court', reason: string, notes?: string): Promise<void> {
  await openCase(page, base, caseref);
  await page.getByLabel('Ente destinatario').selectOption(target);
  await page.getByLabel(target === 'health' ? 'Criticità per ATS' : 'Motivo della segnalazione alla Procura').selectOption(reason);
  if (notes) await page.getByLabel("Note per l'ente").fill(notes);
  await page.getByRole('button', { name: 'Invia', exact: true }).click();
  const agency = target === 'health' ? 'ATS Città Metropolitana di Milano' : 'Procura e Tribunale per i minorenni';
  await page.getByText(`Invio a ${agency} registrato.`).waitFor({ timeout: WAIT });
}

export async function withdrawReferral(page: Page, base: string, caseref: string, target: 'health' | 'court', reason: string): Promise<void> {
  await openCase(page, base, caseref);
  const agency = target === 'health' ? 'ATS Città Metropolitana di Milano' : 'Procura e Tribunale per i minorenni';
  await page.getByLabel(`Motivo del ritiro (${agency})`).selectOption(reason);
  await page.getByRole('button', { name: `Ritira l'invio a ${agency}` }).click();
  await page.getByText('Ritirato per:').first().waitFor({ timeout: WAIT });
}

export async function acceptInvestigation(page: Page, base: string, caseref: string): Promise<void> {
  await openCase(page, base, caseref);
  await until(page, page.getByRole('button', { name: "Avvia l'indagine" }), 'the investigation the court asked for');
  await page.getByRole('button', { name: "Avvia l'indagine" }).click();
  await page.getByRole('button', { name: "Avvia l'indagine" }).waitFor({ state: 'detached', timeout: WAIT });
}

export async function completeInvestigation(page: Page, base: string, caseref: string, report = 'Nucleo collaborante; frequenza in ripresa.'): Promise<void> {
  await openCase(page, base, caseref);
  await until(page, page.getByLabel('Relazione psicosociale'), 'an open investigation');
  await page.getByLabel('Relazione psicosociale').fill(report);
  await page.getByRole('button', { name: 'Invia la relazione al Tribunale' }).click();
  await page.getByRole('button', { name: 'Invia la relazione al Tribunale' }).waitFor({ state: 'detached', timeout: WAIT });
}

export async function acknowledgeMandate(page: Page, base: string, caseref: string): Promise<void> {
  await openCase(page, base, caseref);
  await until(page, page.getByRole('button', { name: 'Conferma la ricezione al Tribunale' }), "the court's mandate");
  await page.getByRole('button', { name: 'Conferma la ricezione al Tribunale' }).click();
  await page.getByLabel('Aggiornamento sulla presa in carico').waitFor({ timeout: WAIT });
}

export async function reportOnMandate(
  page: Page,
  base: string,
  caseref: string,
  status: 'care_started' | 'care_completed' | 'care_refused',
  report?: string,
): Promise<void> {
  await openCase(page, base, caseref);
  const select = page.getByLabel('Aggiornamento sulla presa in carico');
  await until(page, select, 'an acknowledged mandate');
  await select.selectOption(status);
  if (report) await page.getByLabel('Relazione', { exact: true }).fill(report);
  await page.getByRole('button', { name: "Invia l'aggiornamento al Tribunale" }).click();
  const shown = { care_started: 'Presa in carico avviata', care_completed: 'Presa in carico conclusa', care_refused: 'Presa in carico rifiutata' }[status];
  await page.getByText(`Stato: ${shown}`).first().waitFor({ timeout: WAIT });
}

/** A supervisor hands the case to another caseworker. */
export async function reassign(page: Page, base: string, caseref: string, assignee: string): Promise<void> {
  await openCase(page, base, caseref);
  await page.getByLabel('Operatore assegnatario').fill(assignee);
  await page.getByRole('button', { name: 'Riassegna' }).click();
  await page.getByText(`Fascicolo assegnato a ${assignee}.`).waitFor({ timeout: WAIT });
}

/** The child as the intake forms ask for them. */
export interface ChildForm {
  pupil: { firstName: string; lastName: string; taxCode: string; birthDate: string };
  residence: { address: string; city: string; postalCode?: string; municipio?: number };
  school: { level: string; code: string; name: string };
  category: string;
  citizenship: string;
  notes?: string;
}

async function fillChild(page: Page, child: ChildForm): Promise<void> {
  await page.getByLabel('Nome', { exact: true }).fill(child.pupil.firstName);
  await page.getByLabel('Cognome').fill(child.pupil.lastName);
  await page.getByLabel('Codice fiscale').fill(child.pupil.taxCode);
  await page.getByLabel('Data di nascita').fill(child.pupil.birthDate);
  await page.getByLabel('Indirizzo').fill(child.residence.address);
  await page.getByLabel('Comune', { exact: true }).fill(child.residence.city);
  if (child.residence.postalCode) await page.getByLabel('CAP').fill(child.residence.postalCode);
  if (child.residence.municipio) await page.getByLabel('Municipio (1–9)').fill(String(child.residence.municipio));
  await page.getByLabel('Grado').selectOption(child.school.level);
  await page.getByLabel('Codice meccanografico').fill(child.school.code);
  await page.getByLabel('Denominazione').fill(child.school.name);
  await page.getByLabel('Situazione di frequenza').selectOption(child.category);
  await page.getByLabel('Cittadinanza', { exact: true }).selectOption(child.citizenship);
  if (child.notes) await page.getByLabel('Note', { exact: true }).fill(child.notes);
}

/** A caseworker records a family's spontaneous access; answers the new case's reference. */
export async function recordSpontaneousAccess(page: Page, base: string, child: ChildForm): Promise<string> {
  onUi(page, base);
  await nav(page, 'Accesso spontaneo');
  await fillChild(page, child);
  await page.getByRole('button', { name: "Registra l'accesso" }).click();
  const link = page.getByRole('link', { name: /^Apri il fascicolo CR-/ });
  await link.waitFor({ timeout: WAIT });
  return ((await link.textContent()) ?? '').replace('Apri il fascicolo ', '').trim();
}

/** Local services (their own role) report a child; answers the reference they can follow it by. */
export async function reportByLocalServices(page: Page, base: string, service: string, child: ChildForm): Promise<string> {
  onUi(page, base);
  await page.getByRole('heading', { level: 1, name: 'Segnalazione dei servizi territoriali' }).waitFor();
  await page.getByLabel('Servizio segnalante').fill(service);
  await fillChild(page, child);
  await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
  const done = page.getByText(/^Segnalazione ricevuta: fascicolo CR-/);
  await done.waitFor({ timeout: WAIT });
  return ((await done.textContent()) ?? '').replace(/^.*fascicolo /, '').replace(/\.$/, '');
}
