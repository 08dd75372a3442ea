import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

/** Debian's chromium (the project's setup installs it); playwright downloads no browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags, chromium keeps dialling Google on a closed network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: npm test installs Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A fresh browser profile (no storage shared with another caseworker), Italian, at a desktop size. */
export async function newCaseworkerPage(browser: Browser, locale = 'it-IT'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}
