import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type AgencyClient, eventually, freeSystemPorts, RunningSystem } from '@casenet/testing';

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
const INSTITUTIONS = [LICEO, TECNICO, PARITARIA, PROFESSIONALE, CFP];

const general = (tracks: Track[], studentsEnrolled = 900) => ({ sites: 1, studentsEnrolled, tracks, dropoutReferent: true, listeningDesk: false });
const figures = (enrolled: number, withdrawn: number, transferredOut: number, irregularAttendance: number, neverAttended: number) => ({
  enrolled,
  withdrawn,
  transferredOut,
  irregularAttendance,
  neverAttended,
});

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
    expect((await system.client('schools', ['auditor']).get(`/survey/campaigns/${campaign.id}`)).status).toBe(200);
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
    expect(await system.count('schools', `SELECT count(*)::int AS n FROM survey_reminders WHERE days_before = 7`)).toBe(4);

    const completion = (await ust.get<Completion>(`/survey/campaigns/${campaign.id}/completion`)).body;
    expect(completion.counts).toMatchObject({ answered: 1, partial: 1, missing: 3, reminded: 4, overdue: 0 });
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
    expect(status).toEqual({
      [LICEO.code]: { status: 'answered', overdue: false },
      [TECNICO.code]: { status: 'late', overdue: false },
      MIPC02500A: { status: 'partial', overdue: true },
      [PROFESSIONALE.code]: { status: 'missing', overdue: true },
      [CFP.code]: { status: 'missing', overdue: true },
    });
    expect(await system.count('schools', `SELECT count(*)::int AS n FROM survey_reminders WHERE reminded_at > $1`, [campaign.deadlineAt])).toBe(0);
  });
});
