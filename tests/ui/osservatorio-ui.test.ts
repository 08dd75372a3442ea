import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AccessibilityLog,
  FlowSteps,
  freeSystemPorts,
  launchChromium,
  newCaseworkerPage,
  reportFixture,
  Rng,
  RunningSystem,
  schoolAt,
  SCREENSHOT_DIR,
  signInToUi,
} from '@casenet/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';

jest.setTimeout(600_000);

const YEAR = '2024/25';

describe('the Osservatorio page: an analyst reads the year’s tables and nothing else', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let browser: Browser;
  let base: string;
  const a11y = new AccessibilityLog();
  const rng = new Rng(20250916);
  const contexts: BrowserContext[] = [];
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Comune di Milano' });

  async function signedIn(role: string): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    contexts.push(context);
    await signInToUi(page, base, { role });
    return page;
  }

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_osserv_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    base = system.services.municipality.baseUrl;
    browser = await launchChromium();
    // Six lower-secondary reports closed at screening in municipio 2, six primary ones forwarded to
    // police from municipio 4, two CFP ones from municipio 7 (under the threshold).
    const plan = [
      ...Array.from({ length: 6 }, () => ({ municipio: 2, level: 'secondaria_i', forward: false }) as const),
      ...Array.from({ length: 6 }, () => ({ municipio: 4, level: 'primaria', forward: true }) as const),
      ...Array.from({ length: 2 }, () => ({ municipio: 7, level: 'cfp', forward: true }) as const),
    ];
    for (const { municipio, level, forward } of plan) {
      const fixture = reportFixture(rng, { school: schoolAt(rng, level) });
      const report = await flow.file({
        ...fixture,
        residence: { ...fixture.residence, municipio },
        schoolYear: YEAR,
        citizenship: 'italian',
      } as typeof fixture);
      await flow.caseAt(report.caseref, 'screening');
      if (forward) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
      else await flow.act(report.caseref, '/screening/cases/:caseref/close', { reason: 'immediate_return' });
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await system?.stop();
  });

  it('shows charts and tables with suppressed cells marked, and downloads a table as CSV', async () => {
    const page = await signedIn('analyst');
    await page.getByRole('heading', { level: 1, name: 'Osservatorio' }).waitFor();
    expect(await page.getByLabel('Anno scolastico').inputValue()).toBe(YEAR);

    const section = page.getByRole('region', { name: 'Il percorso delle segnalazioni per municipio' });
    await section.waitFor({ timeout: 120_000 });
    expect(await section.getByRole('img', { name: /^Grafico: Il percorso delle segnalazioni per municipio/ }).count()).toBe(1);
    // The two reports from municipio 7 are under the threshold: marked, never shown.
    expect(
      await section
        .getByRole('row', { name: /^Municipio 7\b/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('c');
    expect(
      await section
        .getByRole('row', { name: /^Municipio 7\b/ })
        .getByTitle('dato riservato')
        .count(),
    ).toBeGreaterThan(0);
    expect(
      await section
        .getByRole('row', { name: /^Totale\b/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('14');
    expect(await page.getByRole('img', { name: /Il percorso delle segnalazioni \(totali dell'anno\)/ }).count()).toBe(1);
    for (const title of ['Livello di presa in carico per municipio', 'Invii per ente e esito', 'Scadenze rispettate e superate, per tipo']) {
      await page.getByRole('heading', { level: 2, name: title }).waitFor();
    }
    await a11y.check(page, 'municipality: osservatorio');
    // The funnel by level: the year's path as bars, then the breakdown (the whole page is eight such sections).
    await page
      .getByRole('region', { name: 'Il percorso delle segnalazioni per ordine di scuola' })
      .screenshot({ path: `${SCREENSHOT_DIR}/municipality-osservatorio.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Scarica CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('osservatorio-funnel.by-municipio-2024-25.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/reported/);
    expect(lines.find((line) => line.startsWith('7,'))?.split(',')[1]).toBe('c');

    const [json] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Scarica JSON' }).click()]);
    const table = JSON.parse(await readFile((await json.path())!, 'utf8')) as { key: string; total: Record<string, number> };
    expect(table.key).toBe('funnel.by-municipio');
    expect(table.total.reported).toBe(14);

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 2, name: "The reports' path by municipio" }).waitFor();
    await a11y.check(page, 'municipality: osservatorio (English)');
    expect(a11y.describe()).toBe('');
  });

  it('reaches no case screen: the navigation offers none, and the API refuses the ones typed in', async () => {
    const page = await signedIn('analyst');
    await page.getByRole('heading', { level: 1, name: 'Osservatorio' }).waitFor();
    const links = await nav(page).getByRole('link').allTextContents();
    expect(links.map((l) => l.trim())).toEqual(['Osservatorio']);
    // The session lives in memory: move inside the app, as a typed-in address would once loaded.
    await page.evaluate(() => {
      window.history.pushState({}, '', '/ui/cases');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page
      .getByText(/^Qualcosa non ha funzionato/)
      .first()
      .waitFor();
    expect(await page.getByRole('link', { name: /^CR-/ }).count()).toBe(0);

    // A caseworker has no Osservatorio in the navigation.
    const caseworker = await signedIn('caseworker');
    await nav(caseworker).getByRole('link', { name: 'Fascicoli' }).waitFor();
    expect(await nav(caseworker).getByRole('link', { name: 'Osservatorio' }).count()).toBe(0);
  });
});
