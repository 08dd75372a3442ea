import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../infra/paths.js';
import { mkdirSync } from 'node:fs';

export interface UiLogin {
  /** The agency to sign in as; another agency's (to see the refusal) when it differs from the UI's. */
  agency?: string;
  role: string;
  schoolCodes?: string;
}

/** Opens an agency UI and signs in through its dev login form, as a person would (labels, not selectors). */
export async function signInToUi(page: Page, baseUrl: string, login: UiLogin): Promise<void> {
  await page.goto(`${baseUrl}/ui/`);
  await page
    .getByRole('heading', { name: /Accedi|Sign in/ })
    .first()
    .waitFor();
  if (login.agency) await page.getByLabel(/^Ente|^Agency/).selectOption(login.agency);
  await page.getByLabel(/^Ruolo|^Role/).selectOption(login.role);
  if (login.schoolCodes !== undefined) await page.getByLabel(/Codici meccanografici|School codes/).fill(login.schoolCodes);
  await page.getByRole('button', { name: /^(Entra|Sign in)$/ }).click();
}

export const SCREENSHOT_DIR = `${REPO_ROOT}docs/screenshots`;

/** A screenshot for the README, named `<agency>-<screen>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}
