import { AbsenceReportedV1, ReportStatusChangedV1, VerificationCompletedV1, VerificationRequestedV1 } from '@casenet/contracts';
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface RebuildResult {
  service: string;
  entries: number;
  replayDigest: string;
  liveDigest: string;
  matches: boolean;
}

type Projection = Map<string, string>;

/** What a school's status code says about the municipal case it belongs to. */
const CASE_STATE_OF: Record<string, string> = {
  received: 'screening',
  closed_immediate_return: 'closed',
  closed_clerical_error: 'closed',
  closed_non_resident: 'closed',
  verification_requested: 'verification_requested',
  verification_completed: 'verified',
  taken_in_charge: 'taken_in_charge',
  returned_to_class: 'closed',
  closed: 'closed',
};

interface Replayed {
  type: string;
  sender: string;
  caseref: string;
  data: Record<string, unknown>;
}

/** Each service's read model, rebuilt from the events alone (clear fields only: no keys needed). */
const PROJECTIONS: Record<string, { replay(events: Replayed[]): Projection; live: string }> = {
  schools: {
    replay(events) {
      const statuses: Projection = new Map();
      for (const e of events) {
        const id = String(e.data.reportId);
        if (e.type === AbsenceReportedV1.type && !statuses.has(id)) statuses.set(id, 'submitted');
        if (e.type === ReportStatusChangedV1.type) statuses.set(id, String(e.data.status));
      }
      return statuses;
    },
    live: 'SELECT id::text AS key, status AS value FROM reports',
  },
  police: {
    replay(events) {
      const requests: Projection = new Map();
      for (const e of events) {
        const id = String(e.data.requestId);
        if (e.type === VerificationRequestedV1.type) requests.set(id, 'pending');
        if (e.type === VerificationCompletedV1.type) requests.set(id, 'completed');
      }
      return requests;
    },
    live: 'SELECT id::text AS key, status AS value FROM verification_requests',
  },
  municipality: {
    replay(events) {
      const cases: Projection = new Map();
      for (const e of events) {
        if (e.type !== ReportStatusChangedV1.type) continue;
        const status = String(e.data.status);
        // A case is the report that opened it: its first status is `received`.
        if (status === 'received') cases.set(e.caseref, 'screening');
        else if (cases.has(e.caseref)) cases.set(e.caseref, CASE_STATE_OF[status] ?? `unknown:${status}`);
      }
      return cases;
    },
    live: 'SELECT caseref AS key, state AS value FROM cases',
  },
  health: { replay: () => new Map(), live: "SELECT '' AS key, '' AS value WHERE false" },
  court: { replay: () => new Map(), live: "SELECT '' AS key, '' AS value WHERE false" },
};

function digest(projection: Projection): string {
  const lines = [...projection].map(([k, v]) => `${k}\t${v}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Replays a service's events (what it published and what it received, in publication order)
 * into a fresh projection and compares its digest with the live read model's.
 */
export async function rebuild(archive: pg.Pool, service: string, liveDatabaseUrl: string): Promise<RebuildResult> {
  const projection = PROJECTIONS[service];
  if (!projection) throw new Error(`unknown service ${service}`);
  const rows = (
    await archive.query<{ payload: Buffer }>(
      `SELECT DISTINCT ON (event_id) payload, signer, chainseq, id FROM archive
       WHERE (signer = $1 OR topic LIKE $2) AND topic NOT LIKE '%.dead-letter' AND event_id IS NOT NULL
       ORDER BY event_id, id`,
      [service, `%${service}.inbox.v1`],
    )
  ).rows;
  const events = rows
    .map((r) => JSON.parse(r.payload.toString('utf8')) as Record<string, unknown>)
    .sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)) || Number(a.chainseq) - Number(b.chainseq))
    .map((e) => ({ type: String(e.type), sender: String(e.source), caseref: String(e.caseref), data: (e.data as Record<string, unknown>) ?? {} }));
  const replayed = projection.replay(events);
  const live = new pg.Client({ connectionString: liveDatabaseUrl });
  await live.connect();
  let liveProjection: Projection;
  try {
    liveProjection = new Map((await live.query<{ key: string; value: string }>(projection.live)).rows.map((r) => [r.key, r.value]));
  } finally {
    await live.end();
  }
  const [replayDigest, liveDigest] = [digest(replayed), digest(liveProjection)];
  return { service, entries: replayed.size, replayDigest, liveDigest, matches: replayDigest === liveDigest };
}
