import { describe, expect, it, jest } from '@jest/globals';
import { REPO_ROOT } from '@casenet/testing';
import { spawn } from 'node:child_process';

jest.setTimeout(900_000);

interface Line {
  key: string;
  label: string;
  published: number | null;
  expected: number;
  publishedPercent?: number | null;
  basis: 'seed' | 'choice';
  ok: boolean;
}

interface ReplayJson {
  schoolYear: string;
  seed: number;
  ok: boolean;
  lines: Line[];
  timing: { wallMs: number; reports: number; reportsPerSecond: number };
  driven: { filed: number; decisions: Record<string, number>; verificationRequests: number };
  published: Record<string, { key: string; total: Record<string, number>; cells: Record<string, Record<string, number | null>> }>;
}

/** Runs a command to its end, collecting what it printed. */
function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Not jest's VM-module flag: the command is plain Node. The run's shared broker and Postgres
    // reach it through the environment (CASENET_TEST_KAFKA, or KAFKA_BROKERS / DATABASE_URL).
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `npm run replay -- 2022/23`, run as a person runs it: a throwaway system of the five services,
 * the year's 439 reports driven through their APIs, and the Osservatorio's funnel, which must be
 * the seed's (seed 000, lines 83–89) figure for figure.
 */
describe('npm run replay -- 2022/23', () => {
  it('prints the seed’s funnel from the Osservatorio’s published tables, and exits 0', async () => {
    const { code, stdout, stderr } = await run('npm', ['run', '-s', 'replay', '--', '2022/23', '--json']);
    if (code !== 0) process.stderr.write(stderr.slice(-4000));
    expect(code).toBe(0);

    // The JSON on stdout.
    const result = JSON.parse(stdout) as ReplayJson;
    expect(result).toMatchObject({ schoolYear: '2022/23', ok: true });
    const line = (key: string) => result.lines.find((l) => l.key === key);
    expect(line('reported')).toMatchObject({ published: 439, expected: 439, basis: 'seed', ok: true });
    expect(line('closed_at_screening')).toMatchObject({ published: 103, basis: 'seed', ok: true });
    expect(line('forwarded_police')).toMatchObject({ published: 336, basis: 'seed', ok: true });
    expect(line('forwarded_police.primaria')).toMatchObject({ published: 120, publishedPercent: 35.7, ok: true });
    expect(line('forwarded_police.secondaria_i')).toMatchObject({ published: 154, publishedPercent: 45.8, ok: true });
    expect(line('forwarded_police.secondaria_ii')).toMatchObject({ published: 62, publishedPercent: 18.5, ok: true });
    expect(line('forwarded_police.italian')).toMatchObject({ published: 235, publishedPercent: 70, ok: true });
    // The three reasons are our choice (the seed names them, not how many), and add up to the seed's 103.
    const reasons = ['closed_immediate_return', 'closed_clerical_error', 'closed_non_resident'].map((key) => line(key));
    for (const reason of reasons) expect(reason).toMatchObject({ basis: 'choice', ok: true });
    expect(reasons.reduce((sum, reason) => sum + (reason?.published ?? 0), 0)).toBe(103);
    expect(result.lines.every((l) => l.ok)).toBe(true);

    // The figures are the Osservatorio's own: its published totals, and the caseworkers' side agrees.
    const byLevel = result.published['funnel.by-level'];
    expect(byLevel?.total).toMatchObject({ reported: 439, forwarded_police: 336 });
    expect(byLevel?.cells.primaria?.forwarded_police).toBe(120);
    expect(byLevel?.cells.secondaria_i?.forwarded_police).toBe(154);
    expect(result.published['funnel.by-citizenship']?.cells.italian?.forwarded_police).toBe(235);
    expect(result.driven).toMatchObject({ filed: 439, verificationRequests: 336 });
    expect(result.driven.decisions).toMatchObject({ forward_police: 336 });
    expect(result.timing.reports).toBe(439);
    expect(result.timing.wallMs).toBeGreaterThan(0);

    // The printed table (on stderr beside --json), line by line with the seed's figure and ✓.
    expect(stderr).toMatch(/^reported by schools +439 +439 +✓$/m);
    expect(stderr).toMatch(/^closed at screening +103 +103 +✓$/m);
    expect(stderr).toMatch(/^ {2}immediate return +\d+ +\d+ +✓ +our choice$/m);
    expect(stderr).toMatch(/^ {2}clerical error +\d+ +\d+ +✓ +our choice$/m);
    expect(stderr).toMatch(/^ {2}non-resident +\d+ +\d+ +✓ +our choice$/m);
    expect(stderr).toMatch(/^forwarded to Polizia Locale +336 +336 +✓$/m);
    expect(stderr).toMatch(/^ {2}primaria +120 \(35\.7%\) +120 \(35\.7%\) +✓$/m);
    expect(stderr).toMatch(/^ {2}secondaria I +154 \(45\.8%\) +154 \(45\.8%\) +✓$/m);
    expect(stderr).toMatch(/^ {2}secondaria II( \+ CFP \(1\))? +62 \(18\.5%\) +62 \(18\.5%\) +✓$/m);
    expect(stderr).toMatch(/^ {2}Italian citizens of the forwarded +235 \(70%\) +235 \(70%\) +✓$/m);
    expect(stderr).toContain('Every figure matches the seed.');
    expect(stderr).toMatch(/^The year took [\d.]+ (s|min \d+ s) end to end: 439 reports, [\d.]+ reports\/s/m);
    expect(stderr).not.toContain('✗');
  });
});
