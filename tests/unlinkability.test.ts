import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, agencyOfInbox, ALL_TOPICS, type Agency } from '@casenet/contracts';
import { childPseudonyms, pseudonymSpaceOf } from '@casenet/privacy';
import { DEV_PSEUDONYM_SECRETS, eventually, FlowSteps, freeSystemPorts, ReferralSteps, reportFixture, Rng, RunningSystem, TopicReader } from '@casenet/testing';

jest.setTimeout(240_000);

/**
 * ADR 0019 across the five service processes: one child reported by two schools and driven
 * through every agency (police verification, a police drug signal, ATS and court referrals, a
 * court mandate). Every message on every topic and every row of every agency's database is
 * captured: each recipient sees the child under its own pseudonym, no agency but the municipality
 * holds two of them, and the erasure command still reaches the child in every agency.
 */
describe('unlinkable pseudonyms', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let reader: TopicReader;
  const rng = new Rng(19_0019);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_unlink_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    reader = new TopicReader(system.kafka);
    await reader.start(ALL_TOPICS.map((t) => system.topicPrefix + t));
  });

  afterAll(async () => {
    await reader?.stop();
    await system?.stop();
  });

  /** Every row of every table of an agency's database, as text (outbox payloads decoded). */
  async function dump(agency: Agency): Promise<string> {
    const tables = await system.query<{ table_name: string }>(
      agency,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const texts = await Promise.all(
      tables.map(async ({ table_name: table }) => {
        const sql =
          table === 'outbox'
            ? "SELECT convert_from(payload, 'UTF8') || headers::text AS t FROM outbox"
            : table === 'ledger'
              ? "SELECT convert_from(payload, 'UTF8') AS t FROM ledger"
              : `SELECT t::text AS t FROM "${table}" t`;
        return (await system.query<{ t: string }>(agency, sql)).map((r) => r.t).join('\n');
      }),
    );
    return texts.join('\n');
  }

  it('gives each recipient its own pseudonym of the child, which only the municipality relates', async () => {
    const fixture = reportFixture(rng, { concerns: ['substance_use', 'harm_to_child'] });
    const taxCode = fixture.pupil.taxCode;
    const report = await flow.file(fixture);
    const caseref = report.caseref;
    await flow.caseAt(caseref, 'screening');
    // Schools and the municipality still link: a second school's report meets the open case.
    const linked = await flow.file({ ...reportFixture(rng), pupil: fixture.pupil });
    await flow.schoolSees(linked.id, 'linked_to_open_case');
    await flow.act(caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(caseref, 'confirmed_absent');
    await flow.caseAt(caseref, 'verified');
    await flow.act(caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore di turno' });

    // Police meets the child in the street: it pseudonymises it itself, and the signal reaches the case.
    const signal = await system.client('police').post<{ id: string; caseref: string }>('/drug-events', {
      pupil: { ...fixture.pupil, taxCode: taxCode.toLowerCase() },
      kind: 'possession_for_personal_use',
      municipio: 4,
      occurredAt: '2026-11-20T08:15:00Z',
    });
    expect(signal.status).toBe(201);
    await eventually(async () => ((await web.case(caseref)).drugSignals.length === 1 ? true : undefined), 'the police signal on the case');

    await web.refer(caseref, { agency: 'health', concern: 'substance_use' });
    await web.refer(caseref, { agency: 'court', grounds: 'harm_to_child' });
    const atHealth = await web.received('health', caseref);
    await web.health(atHealth, 'accept');
    await web.referralAt(caseref, 'health', 'accepted');
    const atCourt = await web.petitioned(await web.received('court', caseref));
    await web.court(atCourt, 'register', { docket: 'VG 1919/2026' });
    await web.court(atCourt, 'hearing');
    await web.court(atCourt, 'orders', { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale.' });
    const mandate = await web.mandateAt(caseref, 'awaiting_acknowledgement');
    await web.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
    await eventually(async () => {
      const rows = await system.query<{ mandate_state: string }>('court', 'SELECT mandate_state FROM court_orders WHERE proceeding_id = $1', [atCourt]);
      return rows[0]?.mandate_state === 'acknowledged' ? true : undefined;
    }, 'the court to see the mandate acknowledged');

    // Four spaces, four different pseudonyms for the one child (hash parts too, not only prefixes).
    const p = childPseudonyms(DEV_PSEUDONYM_SECRETS, taxCode);
    const all = [p.coordinator, p.police, p.health, p.court] as string[];
    expect(new Set(all).size).toBe(4);
    expect(new Set(all.map((v) => v.slice(-43))).size).toBe(4);
    const own = (agency: Agency) => p[pseudonymSpaceOf(agency)] as string;
    const others = (agency: Agency) => all.filter((v) => v !== own(agency));

    // On the wire: every event a recipient reads about the child names it by that recipient's pseudonym,
    // except the municipality's inbox, where each sender uses the pseudonym it knows.
    const refs = new Set([caseref, linked.caseref, signal.body.caseref]);
    const seen = new Map<Agency, Set<string>>();
    await eventually(
      async () => (reader.messages.some((m) => m.value?.toString().includes('"status":"acknowledged"')) ? true : undefined),
      'the last event on the wire',
    );
    for (const message of reader.messages) {
      const topic = message.topic.slice(system.topicPrefix.length);
      const recipient = agencyOfInbox(topic);
      const text = message.value?.toString() ?? '';
      if (!recipient || !text.startsWith('{')) continue;
      const event = JSON.parse(text) as { subject?: string; caseref?: string; source?: string };
      if (!event.caseref || !refs.has(event.caseref)) continue;
      const subjects = seen.get(recipient) ?? new Set<string>();
      subjects.add(event.subject as string);
      seen.set(recipient, subjects);
      if (recipient !== 'municipality') {
        expect({ topic, subject: event.subject }).toEqual({ topic, subject: own(recipient) });
        for (const foreign of others(recipient)) expect(text).not.toContain(foreign);
      }
    }
    expect(Object.fromEntries([...seen].map(([agency, subjects]) => [agency, [...subjects].sort()]))).toEqual({
      schools: [p.coordinator],
      police: [p.police],
      health: [p.health],
      court: [p.court],
      municipality: [...all].sort(),
    });
    // Nothing on any topic (dead letters and chain heads included) carries a pseudonym of the child to a reader who should not see it.
    for (const message of reader.messages) {
      const recipient = agencyOfInbox(message.topic.slice(system.topicPrefix.length).replace(/\.dead-letter$/, ''));
      if (recipient && recipient !== 'municipality') for (const foreign of others(recipient)) expect(message.value?.toString() ?? '').not.toContain(foreign);
    }

    // At rest: each agency's database holds its own pseudonym of the child and no other's.
    for (const agency of AGENCIES) {
      const text = await dump(agency);
      expect(text).toContain(own(agency));
      if (agency === 'municipality') continue;
      for (const foreign of others(agency)) expect({ agency, holds: text.includes(foreign) }).toEqual({ agency, holds: false });
    }
    // Only the municipality relates them, in one table; its case, reports and signal stay under its own key.
    const map = await system.query<{ agency: string; pseudonym: string }>(
      'municipality',
      'SELECT agency, pseudonym FROM subject_pseudonyms WHERE subject_key = $1 ORDER BY agency',
      [p.coordinator],
    );
    expect(map).toEqual([
      { agency: 'court', pseudonym: p.court },
      { agency: 'health', pseudonym: p.health },
      { agency: 'police', pseudonym: p.police },
    ]);
    expect(await system.query('municipality', 'SELECT subject_key FROM drug_signals')).toEqual([{ subject_key: p.coordinator }]);

    // The DPO's erasure by tax code reaches the child in every agency, each under its own pseudonym.
    const output = system.eraseSubject(taxCode);
    const erased = output as { everywhere: boolean; keyVersionsDestroyedBySubject: Record<string, number> };
    expect(erased.everywhere).toBe(true);
    for (const pseudonym of all) expect(erased.keyVersionsDestroyedBySubject[pseudonym]).toBe(1);
    const erasedView = async (agency: Agency, path: string) => ((await system.client(agency).get<{ erased: boolean }>(path)).body.erased ? true : undefined);
    await eventually(() => erasedView('health', `/referrals/${atHealth}`), 'the ATS referral erased');
    await eventually(() => erasedView('court', `/proceedings/${atCourt}`), 'the court proceeding erased');
    await eventually(() => erasedView('police', `/drug-events/${signal.body.id}`), 'the police drug event erased');
    await eventually(() => erasedView('municipality', `/cases/${caseref}`), 'the case erased');
    // Each agency's sweep ran on its own pseudonym's notification.
    for (const [agency, table] of [
      ['police', 'verification_requests'],
      ['health', 'health_referrals'],
      ['court', 'proceedings'],
    ] as const) {
      await eventually(
        async () =>
          (
            await system.query<{ n: number }>(agency, `SELECT count(*)::int AS n FROM ${table} WHERE subject_key = $1 AND erased_at IS NOT NULL`, [own(agency)])
          )[0]?.n === 1
            ? true
            : undefined,
        `the ${agency} sweep`,
      );
    }
  });
});
