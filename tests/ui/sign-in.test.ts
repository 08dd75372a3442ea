import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { AccessibilityLog, freeSystemPorts, launchChromium, newCaseworkerPage, REPO_ROOT, RunningSystem, signInToUi, uiBuildDir } from '@casenet/testing';
import type { Browser } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';

jest.setTimeout(600_000);

const OWN_ROLE: Record<Agency, { role: string; schoolCodes?: string }> = {
  schools: { role: 'caseworker', schoolCodes: 'MIEE123456' },
  municipality: { role: 'caseworker' },
  police: { role: 'caseworker' },
  health: { role: 'caseworker' },
  court: { role: 'caseworker' },
};

const built = AGENCIES.filter((agency) => existsSync(`${uiBuildDir(agency)}/index.html`));

describe('every agency serves its own caseworker UI, signs in through it, and refuses the others', () => {
  let system: RunningSystem;
  let browser: Browser;
  const a11y = new AccessibilityLog();

  beforeAll(async () => {
    expect(built).toEqual(AGENCIES); // npm test builds every UI before the tests
    system = await RunningSystem.start({ namespace: `t_ui_signin_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it.each(AGENCIES)("%s: the UI's typed client matches the service's OpenAPI document (npm run ui:openapi rewrites it)", async (agency) => {
    const committed: unknown = JSON.parse(readFileSync(`${REPO_ROOT}apps/${agency}-ui/openapi.json`, 'utf8'));
    const live: unknown = await (await fetch(`${system.services[agency].baseUrl}/openapi.json`)).json();
    expect(live).toEqual(committed);
  });

  it.each(AGENCIES)('%s: /ui/ and any screen under it answer with the app; the API beside it stays an API', async (agency) => {
    const base = system.services[agency].baseUrl;
    for (const path of ['/ui/', '/ui/some/deep/screen']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${base}/session`)).status).toBe(401);
    const config = (await (await fetch(`${base}/session/config`)).json()) as { agency: string; devLogin: boolean };
    expect(config).toEqual({ agency, devLogin: true, oidc: null });
  });

  it.each(AGENCIES)('%s: a caseworker signs in; nothing of the session is left in browser storage; axe finds nothing serious', async (agency) => {
    const { context, page } = await newCaseworkerPage(browser);
    try {
      await page.goto(`${system.services[agency].baseUrl}/ui/`);
      await page.getByRole('heading', { name: 'Accedi' }).waitFor();
      await a11y.check(page, `${agency}: sign-in`);
      await signInToUi(page, system.services[agency].baseUrl, OWN_ROLE[agency]);
      await page.getByRole('button', { name: 'Esci' }).waitFor();
      await a11y.check(page, `${agency}: first screen`);
      const stored = await page.evaluate(() =>
        JSON.stringify({ local: { ...window.localStorage }, session: { ...window.sessionStorage }, cookie: document.cookie }),
      );
      expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT anywhere the browser keeps
      expect(await page.title()).toMatch(/casenet/);
    } finally {
      await context.close();
    }
  });

  it.each(AGENCIES)("%s: another agency's login is refused, with the service's reason", async (agency) => {
    const other = AGENCIES.find((a) => a !== agency)!;
    const { context, page } = await newCaseworkerPage(browser);
    try {
      await signInToUi(page, system.services[agency].baseUrl, { agency: other, role: 'caseworker' });
      await expect(
        page
          .getByRole('alert')
          .filter({ hasText: `this service belongs to ${agency}` })
          .waitFor(),
      ).resolves.toBeUndefined();
      expect(await page.getByRole('button', { name: 'Esci' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('English is one click away', async () => {
    const { context, page } = await newCaseworkerPage(browser);
    try {
      await page.goto(`${system.services.schools.baseUrl}/ui/`);
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    } finally {
      await context.close();
    }
  });

  it('axe: no serious or critical WCAG 2.1 AA violation on any page visited', () => {
    expect(a11y.pages.length).toBeGreaterThanOrEqual(AGENCIES.length * 2);
    expect(a11y.describe()).toBe('');
  });
});
