import type { Page } from 'playwright-core';

/**
 * ATS's steps of the cross-agency flow, through its UI only (the labels a caseworker reads, in
 * Italian). `page` is signed in to the ATS UI at `base`: the session lives in the tab's memory,
 * so the steps move inside the app through its navigation and never reload it.
 */

/** Opens a referral from the worklist, asking the list again while the referral is still on its way. */
export async function openReferral(page: Page, base: string, caseref: string, attempts = 30): Promise<void> {
  if (!page.url().startsWith(`${base}/ui`)) await page.goto(`${base}/ui/`);
  await page.getByRole('navigation', { name: 'ATS Città Metropolitana di Milano' }).getByRole('link', { name: 'Segnalazioni' }).click();
  await page.getByRole('heading', { level: 1, name: "Segnalazioni all'ATS" }).waitFor();
  const refresh = page.getByRole('button', { name: "Aggiorna l'elenco" });
  const link = page.getByRole('link', { name: caseref, exact: true });
  for (let attempt = 0; attempt < attempts; attempt++) {
    await refresh.waitFor();
    await page.getByRole('status').filter({ hasText: 'Caricamento' }).waitFor({ state: 'detached' });
    if ((await link.count()) > 0) {
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'Segnalazione', exact: true }).waitFor();
      await page.getByText(caseref, { exact: true }).waitFor();
      return;
    }
    await page.waitForTimeout(500);
    await refresh.click();
  }
  throw new Error(`referral of ${caseref} never appeared in the ATS worklist`);
}

/** Waits until the referral's detail shows it in a state (its Italian label). */
async function stateShown(page: Page, label: string): Promise<void> {
  await page
    .locator('dt', { hasText: /^Stato$/ })
    .locator('xpath=following-sibling::dd')
    .filter({ hasText: label })
    .waitFor();
}

/** ATS takes the referral in charge: the municipality is told `accepted`. */
export async function acceptReferral(page: Page, base: string, caseref: string): Promise<void> {
  await openReferral(page, base, caseref);
  await page.getByRole('button', { name: 'Prendi in carico' }).click();
  await stateShown(page, 'Presa in carico');
}

/** ATS declines the referral with a reason code (`family_refused`, `not_competent`, …). */
export async function declineReferral(page: Page, base: string, caseref: string, reason: string): Promise<void> {
  await openReferral(page, base, caseref);
  await page.getByLabel(/^Motivo/).selectOption(reason);
  await page.getByRole('button', { name: 'Non accogliere la segnalazione' }).click();
  await stateShown(page, 'Non accolta');
}

/** Care starts at an ASST (`asst_santi_paolo_e_carlo`, …) and one of its services (`uonpia`, `serd`, `psicologia_clinica`, `consultorio_familiare`). */
export async function startCare(page: Page, base: string, caseref: string, asst: string, service: string): Promise<void> {
  await openReferral(page, base, caseref);
  await page.getByLabel(/^ASST/).selectOption(asst);
  await page.getByLabel(/^Servizio/).selectOption(service);
  await page.getByRole('button', { name: 'Avvia il percorso' }).click();
  await stateShown(page, 'Percorso di cura avviato');
}

/** ATS closes the referral with an outcome code (`care_plan_completed`, …) and, if given, the clinical note that stays at ATS. */
export async function completeReferral(page: Page, base: string, caseref: string, outcome: string, clinicalNote?: string): Promise<void> {
  await openReferral(page, base, caseref);
  await page.getByLabel(/^Esito/).selectOption(outcome);
  if (clinicalNote !== undefined) await page.getByLabel(/^Nota clinica/).fill(clinicalNote);
  await page.getByRole('button', { name: 'Concludi la segnalazione' }).click();
  await stateShown(page, 'Conclusa');
}
