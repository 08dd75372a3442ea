import type { Page } from 'playwright-core';

/**
 * The Polizia Locale's steps of the cross-agency flow, through its UI only (labels a caseworker
 * reads, in Italian). `page` is signed in to the police UI at `base`: the session lives in the
 * tab's memory, so the steps move inside the app through its navigation and never reload it.
 */

/** Goes to a screen through the app's own navigation (a reload would sign the caseworker out). */
async function openFromNav(page: Page, base: string, entry: RegExp): Promise<void> {
  if (!page.url().startsWith(`${base}/ui`)) await page.goto(`${base}/ui/`);
  await page.getByRole('navigation', { name: 'Polizia Locale' }).getByRole('link', { name: entry }).click();
}

/** Clicks a case in a worklist, asking the list again while the request is still on its way. */
export async function openFromWorklist(page: Page, caseref: string, attempts = 30): Promise<void> {
  const link = page.getByRole('link', { name: caseref, exact: true });
  for (let attempt = 0; attempt < attempts; attempt++) {
    await page.getByRole('button', { name: "Aggiorna l'elenco" }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Caricamento' }).waitFor({ state: 'detached' });
    if ((await link.count()) > 0) {
      await link.click();
      return;
    }
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: "Aggiorna l'elenco" }).click();
  }
  throw new Error(`case ${caseref} never appeared in the worklist`);
}

/** Opens a verification request from the worklist of those still to verify. */
export async function openVerification(page: Page, base: string, caseref: string): Promise<void> {
  await openFromNav(page, base, /^Verifiche di residenza/);
  await page.getByRole('heading', { level: 1, name: 'Verifiche di residenza e frequenza' }).waitFor();
  await page.getByLabel('Stato', { exact: true }).selectOption('pending');
  await openFromWorklist(page, caseref);
  await page.getByRole('heading', { level: 1, name: 'Richiesta di verifica' }).waitFor();
}

/** Officers record what they found (`outcome` is the code, e.g. `confirmed_absent`), with a note kept by police. */
export async function recordVerificationOutcome(page: Page, base: string, caseref: string, outcome: string, note?: string): Promise<void> {
  await openVerification(page, base, caseref);
  await page.getByLabel(/^Esito/).selectOption(outcome);
  if (note !== undefined) await page.getByLabel(/^Annotazioni degli agenti/).fill(note);
  await page.getByRole('button', { name: "Registra l'esito" }).click();
  await page.getByRole('heading', { name: 'Esito degli accertamenti' }).waitFor();
}

export interface DrugEventInput {
  pupil: { firstName: string; lastName: string; taxCode: string; birthDate: string };
  kind: 'possession_for_personal_use' | 'use_observed' | 'dealing_suspected';
  /** Local date and time as the officer types it: `2026-11-20T08:15`. */
  occurredAt: string;
  municipio?: number;
  note?: string;
}

/** Fills the drug event form (every field the officer has) without sending it. */
export async function fillDrugEvent(page: Page, event: Omit<Partial<DrugEventInput>, 'pupil'> & { pupil?: Partial<DrugEventInput['pupil']> }): Promise<void> {
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: "Registra l'evento" }) });
  if (event.pupil?.firstName !== undefined) await form.getByLabel(/^Nome/).fill(event.pupil.firstName);
  if (event.pupil?.lastName !== undefined) await form.getByLabel(/^Cognome/).fill(event.pupil.lastName);
  if (event.pupil?.taxCode !== undefined) await form.getByLabel(/^Codice fiscale/).fill(event.pupil.taxCode);
  if (event.pupil?.birthDate !== undefined) await form.getByLabel(/^Data di nascita/).fill(event.pupil.birthDate);
  if (event.kind !== undefined) await form.getByLabel(/^Tipo di evento/).selectOption(event.kind);
  if (event.occurredAt !== undefined) await form.getByLabel(/^Data e ora dell'evento/).fill(event.occurredAt);
  if (event.municipio !== undefined) await form.getByLabel(/^Municipio/).selectOption(String(event.municipio));
  if (event.note !== undefined) await form.getByLabel(/^Annotazioni degli agenti/).fill(event.note);
}

/** Officers record a drug-related event about a pupil; answers with the caseref police gave it. */
export async function recordDrugEvent(page: Page, base: string, event: DrugEventInput): Promise<string> {
  await openFromNav(page, base, /^Eventi stupefacenti/);
  await page.getByRole('link', { name: 'Registra un evento' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registra un evento connesso agli stupefacenti' }).waitFor();
  await fillDrugEvent(page, event);
  await page.getByRole('button', { name: "Registra l'evento" }).click();
  await page.getByRole('heading', { level: 1, name: 'Evento connesso agli stupefacenti' }).waitFor();
  const caseref = await page.locator('dt', { hasText: 'Riferimento fascicolo' }).locator('xpath=following-sibling::dd').innerText();
  return caseref.trim();
}
