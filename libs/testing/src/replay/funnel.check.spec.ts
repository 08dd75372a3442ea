import { describe, expect, it } from '@jest/globals';
import type { PublishedTable } from '@casenet/statistics';
import { checkFunnel, formatFunnel } from './funnel.check.js';

const COLUMNS = ['reported', 'closed_immediate_return', 'closed_clerical_error', 'closed_non_resident', 'forwarded_police'];

function table(key: string, cells: Record<string, Record<string, number | null>>, total: Record<string, number | null>): PublishedTable {
  return { key, threshold: 5, rows: Object.keys(cells), columns: COLUMNS, cells, total };
}

const total = { reported: 439, closed_immediate_return: 46, closed_clerical_error: 27, closed_non_resident: 30, forwarded_police: 336 };
const byLevel = (secondariaII: number | null = 62) =>
  table(
    'funnel.by-level',
    {
      primaria: { reported: 157, forwarded_police: 120 },
      secondaria_i: { reported: 199, forwarded_police: 154 },
      secondaria_ii: { reported: 83, forwarded_police: secondariaII },
    },
    total,
  );
const byCitizenship = (italian: number) =>
  table('funnel.by-citizenship', { italian: { forwarded_police: italian }, non_italian: { forwarded_police: 336 - italian } }, total);

describe('the funnel beside the seed', () => {
  it('passes every line when the published figures are the seed’s and our choices', () => {
    const lines = checkFunnel(byLevel(), byCitizenship(235));
    expect(lines.map((l) => [l.key, l.published, l.ok])).toEqual([
      ['reported', 439, true],
      ['closed_at_screening', 103, true],
      ['closed_immediate_return', 46, true],
      ['closed_clerical_error', 27, true],
      ['closed_non_resident', 30, true],
      ['forwarded_police', 336, true],
      ['forwarded_police.primaria', 120, true],
      ['forwarded_police.secondaria_i', 154, true],
      ['forwarded_police.secondaria_ii', 62, true],
      ['forwarded_police.italian', 235, true],
    ]);
    expect(lines.find((l) => l.key === 'forwarded_police.secondaria_i')).toMatchObject({ publishedPercent: 45.8, expectedPercent: 45.8 });
    expect(lines.find((l) => l.key === 'forwarded_police.italian')).toMatchObject({ publishedPercent: 70, expectedPercent: 70 });
  });

  it('fails a line whose cell was suppressed, and prints it as c', () => {
    const lines = checkFunnel(byLevel(null), byCitizenship(235));
    const line = lines.find((l) => l.key === 'forwarded_police.secondaria_ii');
    expect(line).toMatchObject({ published: null, publishedPercent: null, ok: false });
    const printed = formatFunnel('2022/23', lines, { wallMs: 50_000, reports: 439, startupMs: 20_000 });
    expect(printed).toMatch(/^ {2}secondaria II +c \(–\) +62 \(18\.5%\) +✗$/m);
    expect(printed).toContain('1 figure(s) differ from the seed.');
  });

  it('fails a count one off from the seed, even where the rounded percentage still agrees', () => {
    const line = checkFunnel(byLevel(), byCitizenship(236)).find((l) => l.key === 'forwarded_police.italian');
    expect(line).toMatchObject({ published: 236, publishedPercent: 70, ok: false });
  });

  it('prints each line with the seed beside it, our choices marked, and the time the year took', () => {
    const printed = formatFunnel('2022/23', checkFunnel(byLevel(), byCitizenship(235)), { wallMs: 125_000, reports: 439, startupMs: 20_000 });
    expect(printed).toMatch(/^reported by schools +439 +439 +✓$/m);
    expect(printed).toMatch(/^ {2}immediate return +46 +46 +✓ +our choice$/m);
    expect(printed).toMatch(/^ {2}primaria +120 \(35\.7%\) +120 \(35\.7%\) +✓$/m);
    expect(printed).toMatch(/^ {2}Italian citizens of the forwarded +235 \(70%\) +235 \(70%\) +✓$/m);
    expect(printed).toContain('Every figure matches the seed.');
    expect(printed).toContain('The year took 2 min 5 s end to end: 439 reports, 3.5 reports/s');
  });
});
