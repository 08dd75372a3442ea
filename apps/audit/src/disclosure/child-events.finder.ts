import type pg from 'pg';

/** One archived event, as the auditors' archive holds it (its first copy: duplicates are skipped). */
export interface ArchivedEvent {
  archiveId: string;
  topic: string;
  /** The hash the archiver computed when the message arrived. */
  contentHash: string | null;
  event: Record<string, unknown>;
}

export interface ChildEvents {
  events: ArchivedEvent[];
  /** Every pseudonym the child's events were sent under (the seeds included, even if unused). */
  subjects: string[];
  /** Every case reference the child's events carry (a school report's own, the case's, a police signal's). */
  caserefs: string[];
}

/**
 * The events that concerned one child. An event concerns the child when its subject is one of the
 * child's pseudonyms or its caseref one of the child's case references; each event found can bring
 * a pseudonym or reference not known yet (the recipient's pseudonym on the case's events, a second
 * report's caseref under the coordinator's key), so the search runs until nothing new turns up.
 * Dead letters are a recipient's parked copies and chain heads name no child: both are left out.
 */
export async function findChildEvents(pool: pg.Pool, seeds: { subjects: readonly string[]; caserefs: readonly string[] }): Promise<ChildEvents> {
  const subjects = new Set(seeds.subjects);
  const caserefs = new Set(seeds.caserefs);
  const found = new Map<string, ArchivedEvent>();
  let [newSubjects, newCaserefs] = [[...subjects], [...caserefs]];
  while (newSubjects.length > 0 || newCaserefs.length > 0) {
    // The archive keeps the caseref as a column; the subject only inside the payload, so it is
    // looked for in the bytes and then checked on the parsed event (`concernsChild`).
    const rows = (
      await pool.query<{ id: string; topic: string; content_hash: string | null; payload: Buffer }>(
        `SELECT id::text, topic, content_hash, payload FROM archive
         WHERE duplicate_of IS NULL AND headseq IS NULL AND topic NOT LIKE '%.dead-letter'
           AND (caseref = ANY($1::text[]) OR EXISTS (SELECT 1 FROM unnest($2::text[]) s WHERE position(convert_to(s, 'UTF8') IN payload) > 0))
         ORDER BY archive.id`,
        [newCaserefs, newSubjects],
      )
    ).rows;
    [newSubjects, newCaserefs] = [[], []];
    for (const row of rows) {
      if (found.has(row.id)) continue;
      const event = parseEvent(row.payload);
      if (!event || !concernsChild(event, subjects, caserefs)) continue;
      found.set(row.id, { archiveId: row.id, topic: row.topic, contentHash: row.content_hash, event });
      const { subject, caseref } = event;
      if (typeof subject === 'string' && !subjects.has(subject)) {
        subjects.add(subject);
        newSubjects.push(subject);
      }
      if (typeof caseref === 'string' && !caserefs.has(caseref)) {
        caserefs.add(caseref);
        newCaserefs.push(caseref);
      }
    }
  }
  const events = [...found.values()].sort((a, b) => timeOf(a) - timeOf(b) || Number(a.archiveId) - Number(b.archiveId));
  return { events, subjects: [...subjects], caserefs: [...caserefs] };
}

/** Exactly one of the child's pseudonyms as the subject, or one of its references as the caseref. */
export function concernsChild(event: Record<string, unknown>, subjects: ReadonlySet<string>, caserefs: ReadonlySet<string>): boolean {
  return (typeof event.subject === 'string' && subjects.has(event.subject)) || (typeof event.caseref === 'string' && caserefs.has(event.caseref));
}

function parseEvent(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function timeOf(e: ArchivedEvent): number {
  const t = typeof e.event.time === 'string' ? Date.parse(e.event.time) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
