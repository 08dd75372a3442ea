import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type AgencyClient, eventually, freeSystemPorts, RunningSystem } from '@casenet/testing';
import { auditReleases, type TableSpec } from '@casenet/statistics';

jest.setTimeout(300_000);

const DAY = 86_400_000;

interface Problem {
  type: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface Reminder {
  daysBefore: number;
  remindedAt: string;
  missing: string[];
}
interface Questionnaire {
  campaignId: string;
  schoolYear: string;
  deadlinePassed: boolean;
  institution: { answerCode: string; code: string; codes: string[] };
  general: { studentsEnrolled: number; answeredAt: string; late: boolean } | null;
  tracks: { track: string; enrolled: number; withdrawn: number; answeredAt: string; late: boolean }[];
  status: 'missing' | 'partial' | 'answered' | 'late';
  missingTracks: string[];
  reminders: Reminder[];
}
interface Campaign {
  id: string;
  schoolYear: string;
  deadline: string;
  deadlineAt: string;
  institutions: { answerCode: string; code: string; codes: string[] }[];
}
interface Table {
  key: string;
  rows: string[];
  columns: string[];
  cells: Record<string, Record<string, number | null>>;
  total: Record<string, number | null>;
}
interface Aggregates {
  answered: number;
  releaseId: string | null;
  institutionsReleased: number;
  pending: number;
  heldBecause: string | null;
  threshold: number;
  table: Table | null;
}
interface Completion {
  counts: Record<'missing' | 'partial' | 'answered' | 'late' | 'reminded' | 'overdue', number>;
  institutions: { institution: { answerCode: string }; status: string; overdue: boolean; reminders: Reminder[] }[];
}

type Track = 'liceale' | 'tecnico' | 'professionale' | 'iefp';
type Area = 'milano' | 'citta_metropolitana';
interface Institution {
  code: string;
  name: string;
  area: Area;
  private: boolean;
  codes?: string[];
  tracks: Track[];
}

/** Upper-secondary schools and CFPs of Milan and the metropolitan area (codes invented, pattern real). */
const LICEO: Institution = { code: 'MIPS01000X', name: 'Liceo scientifico Einstein', area: 'milano', private: false, tracks: ['liceale'] };
const TECNICO: Institution = { code: 'MITD02000Q', name: 'ITC Pareto', area: 'citta_metropolitana', private: false, tracks: ['tecnico'] };
/** A private institution holding two codes: it answers under MIPC02500A, the first in alphabetical order. */
const PARITARIA: Institution = {
  code: 'MIPM5Z500V',
  codes: ['MIPM5Z500V', 'MIPC02500A'],
  name: 'Istituto paritario San Carlo',
  area: 'milano',
  private: true,
  tracks: ['liceale', 'tecnico'],
};
const PROFESSIONALE: Institution = { code: 'MIRI03000C', name: 'IPSIA Cavalieri', area: 'milano', private: false, tracks: ['professionale'] };
const CFP: Institution = { code: 'MICF04000E', name: 'CFP Fondazione Clerici', area: 'citta_metropolitana', private: true, tracks: ['iefp'] };
const IIS: Institution = { code: 'MIIS05000G', name: 'IIS Marie Curie', area: 'citta_metropolitana', private: false, tracks: ['tecnico', 'professionale'] };
const MAJORANA: Institution = { code: 'MIPS06000H', name: 'Liceo Majorana', area: 'citta_metropolitana', private: false, tracks: ['liceale'] };
/** The ones that answer last, one and then two more, for the releases after the first. */
const FELTRINELLI: Institution = { code: 'MITF07000L', name: 'ITIS Feltrinelli', area: 'milano', private: false, tracks: ['tecnico'] };
const BRERA: Institution = { code: 'MIPQ08000M', name: 'Liceo artistico Brera', area: 'milano', private: false, tracks: ['liceale'] };
const VESPUCCI: Institution = { code: 'MIRH09000N', name: 'IPSSAR Vespucci', area: 'milano', private: false, tracks: ['professionale'] };
const INSTITUTIONS = [LICEO, TECNICO, PARITARIA, PROFESSIONALE, CFP, IIS, MAJORANA, FELTRINELLI, BRERA, VESPUCCI];

const general = (tracks: Track[], studentsEnrolled = 900) => ({ sites: 1, studentsEnrolled, tracks, dropoutReferent: true, listeningDesk: false });
const figures = (enrolled: number, withdrawn: number, transferredOut: number, irregularAttendance: number, neverAttended: number) => ({
  enrolled,
  withdrawn,
  transferredOut,
  irregularAttendance,
  neverAttended,
});

/**
 * The table as an observer reads the API's documentation: each student in one area and one class
 * (the four outcomes or regular attendance), `enrolled` summing every class, each other figure one.
 */
function observedSpec(table: Table): TableSpec {
  const classes = ['withdrawn', 'transferredOut', 'irregularAttendance', 'neverAttended', 'regular'];
  const areas = ['milano', 'citta_metropolitana'];
  const atoms = areas.flatMap((a) => classes.map((c) => `${a}.${c}`));
  const columns = table.columns.map((key) => {
    const [figure, area] = key.split('.') as [string, string];
    const of = figure === 'enrolled' ? classes : [figure];
    return { key, atoms: (area === 'total' ? areas : [area]).flatMap((a) => of.map((c) => `${a}.${c}`)) };
  });
  return { key: table.key, rows: table.rows, atoms, columns };
}

/** A date `days` from now as the UST types it (YYYY-MM-DD). */
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('the school office’s dropout survey (seed 001)', () => {
  let system: RunningSystem;
  let ust: AgencyClient;
  let campaign: Campaign;
  /** How far the services' clock has been moved. */
  let moved = 0;
  const school = (code: string) => system.school(code);
  const path = (code: string) => `/survey/campaigns/${campaign.id}/questionnaires/${code}`;
  /** Moves the services' clock to `at`, then waits out the Clock's 200 ms cache of the offset. */
  const moveClockTo = async (at: number) => {
    system.advanceClock(at - (Date.now() + moved));
    moved = at - Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
  };

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_survey_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
      env: { SURVEY_REMINDER_POLL_INTERVAL_MS: '200' },
    });
    ust = system.client('schools', ['ust']);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lets the UST open one campaign per school year, its input checked field by field', async () => {
    const body = {
      schoolYear: '2025/26',
      deadline: dateIn(10),
      institutions: INSTITUTIONS.map(({ tracks: _tracks, ...institution }) => institution),
    };
    const bad = await ust.post<Problem>('/survey/campaigns', {
      ...body,
      schoolYear: '2025/27',
      institutions: [{ ...body.institutions[0], codes: ['MIPS01000X', 'MIPS01001Y'] }, body.institutions[0]],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['schoolYear']);
    const inconsistent = await ust.post<Problem>('/survey/campaigns', {
      ...body,
      institutions: [{ ...body.institutions[0], codes: ['MIPS01000X', 'MIPS01001Y'] }, body.institutions[0]],
    });
    expect(inconsistent.status).toBe(400);
    expect(inconsistent.body.errors).toEqual([
      { path: 'institutions[0].codes', message: 'only a private (paritaria) institution holds a group of codes' },
      { path: 'institutions[1].code', message: 'MIPS01000X is already addressed as institutions[0]' },
    ]);
    const past = await ust.post<Problem>('/survey/campaigns', { ...body, deadline: dateIn(-1) });
    expect(past.status).toBe(422);
    expect(past.body.errors?.[0]?.path).toBe('deadline');
    // A school's staff cannot open one.
    expect((await school(LICEO.code).post('/survey/campaigns', body)).status).toBe(403);

    const opened = await ust.post<Campaign>('/survey/campaigns', body);
    expect(opened.status).toBe(201);
    campaign = opened.body;
    expect(campaign.institutions.find((i) => i.code === PARITARIA.code)).toMatchObject({ answerCode: 'MIPC02500A', codes: ['MIPC02500A', 'MIPM5Z500V'] });
    const again = await ust.post<Problem>('/survey/campaigns', { ...body, deadline: dateIn(20) });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/2025\/26.*one campaign per year/);
    // A school's auditor is that school's: the office's follow-up (who answered, who is late) is not theirs to read.
    expect((await system.client('schools', ['auditor'], [LICEO.code]).get(`/survey/campaigns/${campaign.id}`)).status).toBe(403);
    expect((await system.client('schools', ['auditor'], [LICEO.code]).get(`/survey/campaigns/${campaign.id}/completion`)).status).toBe(403);
  });

  it('shows a school the campaign addressed to it, and part 2 only after part 1', async () => {
    const list = await school(LICEO.code).get<{ items: Questionnaire[]; total: number }>('/survey/questionnaires');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ campaignId: campaign.id, schoolYear: '2025/26', status: 'missing', general: null })]);
    // A school the campaign does not address sees none.
    expect((await school('MIEE123456').get<{ total: number }>('/survey/questionnaires')).body.total).toBe(0);

    const early = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/tracks/liceale`, figures(300, 3, 4, 10, 1));
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/part 1/);

    const invalid = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/general`, { ...general([]), sites: 0 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((e) => e.path).sort()).toEqual(['sites', 'tracks']);

    const part1 = await school(LICEO.code).post<Questionnaire>(`${path(LICEO.code)}/general`, general(['liceale'], 950));
    expect(part1.status).toBe(200);
    expect(part1.body).toMatchObject({ status: 'partial', missingTracks: ['liceale'], general: { studentsEnrolled: 950, late: false } });

    const undeclared = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/tracks/tecnico`, figures(300, 3, 4, 10, 1));
    expect(undeclared.status).toBe(422);
    expect(undeclared.body.errors?.[0]).toMatchObject({ path: 'track' });
    const tooMany = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/tracks/liceale`, figures(300, 301, -1, 10, 1));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors?.map((e) => e.path)).toEqual(['transferredOut']);
    const overClasses = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/tracks/liceale`, figures(300, 200, 50, 50, 1));
    expect(overClasses.status).toBe(400);
    expect(overClasses.body.errors).toEqual([{ path: 'enrolled', message: expect.stringContaining('(301) cannot exceed enrolled (300)') }]);
    const overSchool = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/tracks/liceale`, figures(951, 2, 0, 0, 0));
    expect(overSchool.status).toBe(400);
    expect(overSchool.body.errors?.[0]?.message).toMatch(/enrolled overall in part 1 \(950\)/);

    const part2 = await school(LICEO.code).post<Questionnaire>(`${path(LICEO.code)}/tracks/liceale`, figures(900, 3, 4, 10, 1));
    expect(part2.status).toBe(200);
    expect(part2.body).toMatchObject({ status: 'answered', missingTracks: [], tracks: [{ track: 'liceale', enrolled: 900, late: false }] });
    // A correction before the deadline replaces the figures and stays on time.
    const corrected = await school(LICEO.code).post<Questionnaire>(`${path(LICEO.code)}/tracks/liceale`, figures(900, 2, 4, 10, 1));
    expect(corrected.body.tracks[0]).toMatchObject({ withdrawn: 2, late: false });
    expect((await school(LICEO.code).get<Questionnaire>(path(LICEO.code))).body).toEqual(corrected.body);
    // Part 1 cannot drop a track already answered, nor count fewer students than the tracks do.
    const dropped = await school(LICEO.code).post<Problem>(`${path(LICEO.code)}/general`, general(['tecnico'], 100));
    expect(dropped.status).toBe(422);
    expect(dropped.body.errors?.map((e) => e.path)).toEqual(['tracks', 'studentsEnrolled']);

    // Another school cannot read or answer it; a code the campaign does not address is not found.
    expect((await school(TECNICO.code).get(path(LICEO.code))).status).toBe(403);
    expect((await school(TECNICO.code).post(`${path(LICEO.code)}/general`, general(['liceale']))).status).toBe(403);
    expect((await system.school('MIEE123456').get(path('MIEE123456'))).status).toBe(404);
    // A token naming no school is refused; one naming several answers for each of them.
    expect((await system.client('schools', ['caseworker'], []).get('/survey/questionnaires')).status).toBe(403);
    expect((await system.client('schools', ['caseworker'], [TECNICO.code, LICEO.code]).get<Questionnaire>(path(LICEO.code))).body.status).toBe('answered');
    // The UST reads campaigns, not a school's answers.
    expect((await ust.get(path(LICEO.code))).status).toBe(403);
  });

  it('makes a private institution with several codes answer under the first in alphabetical order', async () => {
    // Its staff signed in with the other code: told which code to use.
    const wrong = await school('MIPM5Z500V').post<Problem>(`${path('MIPM5Z500V')}/general`, general(PARITARIA.tracks));
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'code', message: expect.stringContaining('answer under MIPC02500A') }]);
    expect(wrong.body.detail).toMatch(/use MIPC02500A/);
    // Its list shows the campaign, and which code answers.
    const listed = await school('MIPM5Z500V').get<{ items: Questionnaire[] }>('/survey/questionnaires');
    expect(listed.body.items[0]?.institution).toMatchObject({ answerCode: 'MIPC02500A', code: 'MIPM5Z500V' });

    const right = await school('MIPC02500A').post<Questionnaire>(`${path('MIPC02500A')}/general`, general(PARITARIA.tracks));
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ status: 'partial', missingTracks: ['liceale', 'tecnico'] });
    await school('MIPC02500A').post(`${path('MIPC02500A')}/tracks/liceale`, figures(200, 1, 2, 3, 0));
  });

  it('reminds those who have not completed, before the deadline, as the clock moves', async () => {
    const deadlineAt = new Date(campaign.deadlineAt).getTime();
    await moveClockTo(deadlineAt - 6.5 * DAY);
    const reminded = await eventually(async () => {
      const q = (await school(TECNICO.code).get<Questionnaire>(path(TECNICO.code))).body;
      return q.reminders.length > 0 ? q : undefined;
    }, 'the seven-day reminder');
    expect(reminded.reminders).toEqual([{ daysBefore: 7, remindedAt: expect.any(String), missing: ['general'] }]);
    const paritaria = (await school('MIPC02500A').get<Questionnaire>(path('MIPC02500A'))).body;
    expect(paritaria.reminders).toEqual([expect.objectContaining({ daysBefore: 7, missing: ['tecnico'] })]);
    // A school that completed is not reminded.
    expect((await school(LICEO.code).get<Questionnaire>(path(LICEO.code))).body.reminders).toEqual([]);

    await moveClockTo(deadlineAt - 0.5 * DAY);
    await eventually(async () => {
      const q = (await school(TECNICO.code).get<Questionnaire>(path(TECNICO.code))).body;
      return q.reminders.length === 2 ? q : undefined;
    }, 'the one-day reminder');
    // Recorded once per institution and reminder, however many polls ran.
    expect(await system.count('schools', `SELECT count(*)::int AS n FROM survey_reminders WHERE days_before = 7`)).toBe(9);

    const completion = (await ust.get<Completion>(`/survey/campaigns/${campaign.id}/completion`)).body;
    expect(completion.counts).toMatchObject({ answered: 1, partial: 1, missing: 8, reminded: 9, overdue: 0 });
    // The UST sees statuses and times, never a school's figures.
    expect(JSON.stringify(completion)).not.toMatch(/enrolled|withdrawn|"sites"/i);
  });

  it('accepts answers after the deadline and flags them late', async () => {
    await moveClockTo(new Date(campaign.deadlineAt).getTime() + 2 * DAY);
    const part1 = await school(TECNICO.code).post<Questionnaire>(`${path(TECNICO.code)}/general`, general(['tecnico'], 700));
    expect(part1.status).toBe(200);
    expect(part1.body).toMatchObject({ deadlinePassed: true, general: { late: true } });
    const part2 = await school(TECNICO.code).post<Questionnaire>(`${path(TECNICO.code)}/tracks/tecnico`, figures(700, 6, 8, 20, 2));
    expect(part2.body).toMatchObject({ status: 'late', tracks: [{ track: 'tecnico', late: true }] });
    // The on-time answer keeps its status; no reminder after the deadline.
    expect((await school(LICEO.code).get<Questionnaire>(path(LICEO.code))).body).toMatchObject({ status: 'answered', tracks: [{ late: false }] });

    const completion = (await ust.get<Completion>(`/survey/campaigns/${campaign.id}/completion`)).body;
    const status = Object.fromEntries(completion.institutions.map((i) => [i.institution.answerCode, { status: i.status, overdue: i.overdue }]));
    expect(status).toMatchObject({
      [LICEO.code]: { status: 'answered', overdue: false },
      [TECNICO.code]: { status: 'late', overdue: false },
      MIPC02500A: { status: 'partial', overdue: true },
      [PROFESSIONALE.code]: { status: 'missing', overdue: true },
      [CFP.code]: { status: 'missing', overdue: true },
    });
    expect(await system.count('schools', `SELECT count(*)::int AS n FROM survey_reminders WHERE reminded_at > $1`, [campaign.deadlineAt])).toBe(0);
    // After the deadline a correction is refused: released figures only grow.
    const correction = await school(TECNICO.code).post<Problem>(`${path(TECNICO.code)}/tracks/tecnico`, figures(700, 7, 8, 20, 2));
    expect(correction.status).toBe(409);
    expect(correction.body.detail).toMatch(/corrections closed/);
  });
  it('shows the UST aggregates only over enough schools, suppressed cells marked, and a second export after one more answer reveals nothing', async () => {
    const aggregates = async () => {
      const response = await ust.get<Aggregates>(`/survey/campaigns/${campaign.id}/aggregates`);
      expect(response.status).toBe(200);
      return response.body;
    };
    const suppressions = () =>
      system.query<{ row: string; column: string; reason: string }>(
        'schools',
        'SELECT row_key AS row, column_key AS column, reason FROM survey_suppressions WHERE table_key = $1',
        [`survey:${campaign.schoolYear}`],
      );
    // Two schools have completed, one per area: any figure would be theirs.
    const none = await aggregates();
    expect(none).toMatchObject({ answered: 2, table: null, releaseId: null, heldBecause: expect.stringContaining('fewer than 3 institutions') });
    expect((await ust.get<Problem>(`/survey/campaigns/${campaign.id}/aggregates.csv`)).status).toBe(409);

    // Late first answers are accepted: three schools of Milan and four of the metropolitan area complete.
    const answered = new Map<string, { area: Area; tracks: Track[] }>([
      [LICEO.code, LICEO],
      [TECNICO.code, TECNICO],
    ]);
    await answerAll(PARITARIA, 'MIPC02500A', { tecnico: figures(150, 2, 3, 6, 1) }, false);
    answered.set('MIPC02500A', PARITARIA);
    for (const [institution, f] of [
      [PROFESSIONALE, { professionale: figures(480, 11, 9, 31, 4) }],
      [CFP, { iefp: figures(260, 9, 4, 17, 3) }],
      [IIS, { tecnico: figures(410, 4, 6, 12, 0), professionale: figures(300, 8, 5, 22, 2) }],
      [MAJORANA, { liceale: figures(820, 2, 7, 9, 0) }],
    ] as const) {
      await answerAll(institution, institution.code, f);
      answered.set(institution.code, institution);
    }
    const first = await aggregates();
    expect(first).toMatchObject({ answered: 7, institutionsReleased: 7, pending: 0, heldBecause: null, threshold: 5, minInstitutions: 3 });
    const table = first.table as Table;
    expect(table.rows).toEqual(['liceale', 'tecnico', 'professionale', 'iefp']);
    expect(table.columns).toContain('withdrawn.citta_metropolitana');
    // Every published figure sums at least three schools; the few-school cells are suppressed and say why.
    const contributors = (row: string | null, column: string) => {
      const area = column.split('.')[1];
      return [...answered.values()].filter((i) => (area === 'total' || i.area === area) && (row === null || i.tracks.includes(row as Track))).length;
    };
    for (const row of table.rows) {
      for (const column of table.columns) {
        if (table.cells[row]?.[column] !== null)
          expect({ row, column, n: contributors(row, column) >= 3 || contributors(row, column) === 0 }).toEqual({ row, column, n: true });
      }
    }
    for (const column of table.columns) expect({ column, n: contributors(null, column) >= 3 }).toEqual({ column, n: true });
    // The reasons stay with the service: the UST reads figures and nulls only.
    expect(table).not.toHaveProperty('suppressed');
    const stored = await suppressions();
    expect([...new Set(stored.map((c) => c.reason))]).toEqual(expect.arrayContaining(['few_institutions', 'primary']));
    expect(stored).toContainEqual({ row: 'iefp', column: 'enrolled.citta_metropolitana', reason: 'few_institutions' });
    expect(table.cells.iefp?.['enrolled.citta_metropolitana']).toBeNull();
    const csv = await ust.get<string>(`/survey/campaigns/${campaign.id}/aggregates.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body.split('\n')[0]).toContain('withdrawn.milano');
    expect(csv.body).toMatch(/,c(,|\n)/);

    // Asking again changes nothing: the same release.
    expect((await aggregates()).releaseId).toBe(first.releaseId);
    // One more school answers: a new release would be that school's figures by difference, so the last one is served.
    await answerAll(FELTRINELLI, FELTRINELLI.code, { tecnico: figures(390, 5, 4, 15, 1) });
    const held = await aggregates();
    expect(held).toMatchObject({ releaseId: first.releaseId, answered: 8, pending: 1, heldBecause: expect.stringContaining('fewer than 3') });
    expect(held.table).toEqual(first.table);

    // Two more make three new Milan schools: a new release, every earlier suppression kept.
    await answerAll(BRERA, BRERA.code, { liceale: figures(610, 1, 5, 7, 0) });
    await answerAll(VESPUCCI, VESPUCCI.code, { professionale: figures(350, 10, 6, 25, 3) });
    const second = await aggregates();
    expect(second.releaseId).not.toBe(first.releaseId);
    expect(second).toMatchObject({ institutionsReleased: 10, pending: 0 });
    const secondTable = second.table as Table;
    for (const cell of stored) expect(secondTable.cells[cell.row]?.[cell.column]).toBeNull();
    expect((await suppressions()).length).toBeGreaterThanOrEqual(stored.length);
    // The observer holding both releases, and knowing how many students were added, recomputes no suppressed cell.
    const added = 390 + 610 + 350;
    const findings = await auditReleases({ track: ['liceale', 'tecnico', 'professionale', 'iefp'] }, [
      { tables: [{ dimension: 'track', spec: observedSpec(table), published: { ...table, threshold: 5 } }] },
      { tables: [{ dimension: 'track', spec: observedSpec(secondTable), published: { ...secondTable, threshold: 5 } }], added },
    ]);
    expect(findings).toEqual([]);
  });

  /** Part 1 (unless already in) and part 2 of every given track, by the school itself. */
  async function answerAll(institution: Institution, code: string, tracks: Partial<Record<Track, ReturnType<typeof figures>>>, withGeneral = true) {
    if (withGeneral) expect((await school(code).post(`${path(code)}/general`, general(institution.tracks, 2000))).status).toBe(200);
    for (const [track, f] of Object.entries(tracks)) expect((await school(code).post(`${path(code)}/tracks/${track}`, f)).status).toBe(200);
  }
});
