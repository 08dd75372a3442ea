import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** AgID's accessibility guidelines follow WCAG 2.1 AA: axe's rules for A and AA of 2.0 and 2.1. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AccessibilityFinding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations axe finds on the page as it is now. */
export async function accessibilityFindings(page: Page, label: string): Promise<AccessibilityFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      page: label,
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Collects findings page by page over a walk through the UI; the test asserts the list is empty at the end. */
export class AccessibilityLog {
  readonly findings: AccessibilityFinding[] = [];
  readonly pages: string[] = [];

  async check(page: Page, label: string): Promise<void> {
    this.pages.push(label);
    this.findings.push(...(await accessibilityFindings(page, label)));
  }

  describe(): string {
    return this.findings.map((f) => `${f.page}: ${f.rule} (${f.impact}) ${f.help} at ${f.targets.slice(0, 3).join(', ')}`).join('\n');
  }
}
