import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AccessibilityLog, freeSystemPorts, launchChromium, newCaseworkerPage, RunningSystem, screenshot, signInToUi } from '@casenet/testing';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

jest.setTimeout(600_000);

const IT = JSON.parse(readFileSync(new URL('../../apps/schools-ui/src/i18n/it.json', import.meta.url), 'utf8')) as {
  nav: Record<string, string>;
  survey: Labels;
};
interface Labels {
  [key: string]: string | Labels;
}
/** An Italian label of the survey screens, by its dotted key (`part1.sites`). */
function it_(key: string): string {
  const value = key.split('.').reduce<string | Labels | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), IT.survey);
  if (typeof value !== 'string') throw new Error(`no Italian label survey.${key}`);
  return value;
}

const LICEO = { code: 'MIPS01000X', name: 'Liceo scientifico Einstein', area: 'milano' };
/** Schools that answer through the API, so the aggregates have enough schools in each area. */
const OTHERS = [
  { code: 'MIPS02000Y', name: 'Liceo Carducci', area: 'milano', track: 'liceale' },
  { code: 'MITD03000Z', name: 'ITC Schiaparelli', area: 'milano', track: 'tecnico' },
  { code: 'MIRI04000A', name: 'IPSIA Ferrari', area: 'citta_metropolitana', track: 'professionale' },
  { code: 'MITD05000B', name: 'ITIS Hensemberger', area: 'citta_metropolitana', track: 'tecnico' },
  { code: 'MICF06000C', name: 'CFP Canossa', area: 'citta_metropolitana', track: 'iefp' },
];
const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

/**
 * The dropout survey in the schools UI: the school office opens a campaign, a school answers part 1
 * and then part 2 for its track (the API's messages beside the fields), and the office follows the
 * answers and reads the aggregates with their suppressed cells marked, and downloads the CSV.
 */
describe('schools UI: the school office’s dropout survey', () => {
  let system: RunningSystem;
  let browser: Browser;
  let base: string;
  let campaignId: string;
  const a11y = new AccessibilityLog();
  const open: BrowserContext[] = [];

  async function signedIn(role: string, schoolCodes: string): Promise<Page> {
    const { context, page } = await newCaseworkerPage(browser);
    open.push(context);
    await signInToUi(page, base, { role, schoolCodes });
    await page.getByRole('button', { name: 'Esci' }).waitFor();
    return page;
  }
  const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Scuole' }).getByRole('link', { name: label, exact: true });

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_ui_survey_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    browser = await launchChromium();
    base = system.services.schools.baseUrl;
  });
  afterAll(async () => {
    for (const context of open) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop();
  });

  it('the school office opens a campaign; a wrong school year is named beside its field', async () => {
    const page = await signedIn('ust', '');
    await nav(page, IT.nav.ust as string).click();
    await page.getByRole('heading', { level: 1, name: it_('ust.title') }).waitFor();
    // The office sees no report: no such entry in its navigation.
    expect(await nav(page, IT.nav.reports as string).count()).toBe(0);
    await page.getByLabel(it_('ust.year'), { exact: true }).fill('2025/27');
    await page.getByLabel(it_('ust.deadline'), { exact: true }).fill(deadline);
    const lines = [LICEO, ...OTHERS].map((i) => `${i.code};${i.name};${i.area};statale`);
    await page.getByLabel(it_('ust.institutionsField')).fill(lines.join('\n'));
    await page.getByRole('button', { name: it_('ust.openButton') }).click();
    const year = page.getByLabel(it_('ust.year'), { exact: true });
    await page.locator('.invalid-feedback').first().waitFor();
    await expect(year.getAttribute('aria-invalid')).resolves.toBe('true');
    await a11y.check(page, 'survey: campaign form with a problem');

    await year.fill('2025/26');
    await page.getByRole('button', { name: it_('ust.openButton') }).click();
    await page.getByRole('status').getByText('2025/26').waitFor();
    await page.getByRole('link', { name: 'Rilevazione a.s. 2025/26' }).waitFor();
    await a11y.check(page, 'survey: campaigns');
    await screenshot(page, 'schools-survey-campaigns');
    const campaigns = await system
      .client('schools', ['ust'])
      .get<{ items: { id: string; schoolYear: string; institutionCount: number }[] }>('/survey/campaigns');
    expect(campaigns.body.items).toEqual([expect.objectContaining({ schoolYear: '2025/26', institutionCount: 6 })]);
    campaignId = campaigns.body.items[0]!.id;
  });

  it('a school answers part 1, then part 2 for its track, the API’s messages beside the fields', async () => {
    const page = await signedIn('caseworker', LICEO.code);
    await nav(page, IT.nav.survey as string).click();
    await page.getByRole('link', { name: `A.s. 2025/26 — ${LICEO.name}` }).click();
    await page.getByRole('heading', { level: 1, name: it_('questionnaire.title') }).waitFor();
    await page.getByText(it_('part2.afterPart1')).waitFor();

    await page.getByLabel(it_('part1.sites')).fill('2');
    await page.getByLabel(it_('part1.studentsEnrolled')).fill('950');
    await page
      .getByRole('group', { name: it_('part1.tracks') })
      .locator('label')
      .getByText(it_('track.liceale'), { exact: true })
      .click();
    await page.getByLabel(it_('part1.dropoutReferent')).selectOption('true');
    await page.getByLabel(it_('part1.listeningDesk')).selectOption('false');
    await page.getByRole('button', { name: it_('part1.send') }).click();
    const sendTrack = page.getByRole('button', { name: 'Invia il percorso Liceale' });
    await sendTrack.waitFor();

    const field = (figure: string) => page.getByLabel(it_(`figure.${figure}`), { exact: true });
    await field('enrolled').fill('300');
    await field('withdrawn').fill('301');
    await field('transferredOut').fill('4');
    await field('irregularAttendance').fill('10');
    await field('neverAttended').fill('1');
    await sendTrack.click();
    await page.locator('.invalid-feedback').first().waitFor();
    await expect(field('withdrawn').getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await field('withdrawn').getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/cannot exceed enrolled/);
    await a11y.check(page, 'survey: part 2 with a problem');

    await field('withdrawn').fill('3');
    await sendTrack.click();
    await page.getByRole('button', { name: 'Correggi il percorso Liceale' }).waitFor();
    await page.getByText(it_('status.answered'), { exact: true }).waitFor();
    await a11y.check(page, 'survey: questionnaire completed');
    await screenshot(page, 'schools-survey-questionnaire');
    const atApi = await system
      .school(LICEO.code)
      .get<{ status: string; tracks: { withdrawn: number; late: boolean }[] }>(`/survey/campaigns/${campaignId}/questionnaires/${LICEO.code}`);
    expect(atApi.body).toMatchObject({ status: 'answered', tracks: [{ withdrawn: 3, late: false }] });
  });

  it('the school office follows who answered and reads the aggregates, suppressed cells marked, and downloads the CSV', async () => {
    for (const [i, other] of OTHERS.entries()) {
      const school = system.school(other.code);
      const path = `/survey/campaigns/${campaignId}/questionnaires/${other.code}`;
      expect(
        (await school.post(`${path}/general`, { sites: 1, studentsEnrolled: 900, tracks: [other.track], dropoutReferent: true, listeningDesk: true })).status,
      ).toBe(200);
      const body = { enrolled: 400 + 37 * i, withdrawn: 2 + i, transferredOut: 6, irregularAttendance: 15 + i, neverAttended: i % 2 };
      expect((await school.post(`${path}/tracks/${other.track}`, body)).status).toBe(200);
    }
    const page = await signedIn('ust', '');
    await nav(page, IT.nav.ust as string).click();
    await page.getByRole('link', { name: 'Rilevazione a.s. 2025/26' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rilevazione a.s. 2025/26' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: LICEO.code });
    expect(await row.innerText()).toContain(it_('status.answered'));
    await a11y.check(page, 'survey: completion');

    await page.getByRole('button', { name: it_('aggregates.show') }).click();
    const enrolled = page.getByRole('table', { name: it_('figure.enrolled') });
    await enrolled.waitFor();
    // Suppressed cells read "c" with their reason, never a number.
    expect(await page.locator('abbr').count()).toBeGreaterThan(0);
    expect(
      await enrolled
        .getByRole('row')
        .filter({ hasText: it_('aggregates.total') })
        .last()
        .innerText(),
    ).toContain('2670');
    await a11y.check(page, 'survey: aggregates');
    await screenshot(page, 'schools-survey-results');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: it_('aggregates.csv') }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\n')[0]).toContain('enrolled.milano');
    expect(csv).toMatch(/,c(,|\n)/);

    expect(a11y.findings).toEqual([]);
  });
});
