import { agencyOfInbox, producerOfSource } from '@casenet/contracts';
import type pg from 'pg';

export interface TimelineEntry {
  time: string;
  eventId: string;
  type: string;
  sender: string;
  recipient: string;
  purpose: string;
  legalBasis: string;
  dataCategories: string[];
  /** References and status codes only: what travelled outside the seal. */
  clearData: Record<string, unknown>;
  /** True when personal data travelled too, sealed under the child's key. */
  sealedPersonalData: boolean;
  chainseq: number | null;
}

export interface TimelineQuery {
  caseref: string;
  /** Only what this agency could see (sent or received)… */
  agency?: string;
  /** …up to this moment. */
  asOf?: Date;
}

/** A case's history across agencies from the archive: who sent what to whom, when and why. */
export async function timeline(pool: pg.Pool, query: TimelineQuery): Promise<TimelineEntry[]> {
  const rows = (
    await pool.query<{ topic: string; payload: Buffer }>(
      `SELECT topic, payload FROM archive WHERE caseref = $1 AND topic NOT LIKE '%.dead-letter' ORDER BY event_time, id`,
      [query.caseref],
    )
  ).rows;
  const seen = new Set<string>();
  const entries: TimelineEntry[] = [];
  for (const row of rows) {
    const e = JSON.parse(row.payload.toString('utf8')) as Record<string, unknown>;
    const eventId = String(e.id);
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    const entry: TimelineEntry = {
      time: String(e.time),
      eventId,
      type: String(e.type),
      sender: producerOfSource(e.source) ?? String(e.source),
      recipient: agencyOfInbox(row.topic.replace(/^.*?([a-z]+\.inbox\.v1)$/, '$1')) ?? row.topic,
      purpose: String(e.purpose),
      legalBasis: String(e.legalbasis),
      dataCategories: Array.isArray(e.datacategories) ? e.datacategories.map(String) : [],
      clearData: (e.data as Record<string, unknown>) ?? {},
      sealedPersonalData: typeof e.sealed === 'string',
      chainseq: typeof e.chainseq === 'number' ? e.chainseq : null,
    };
    if (query.agency && entry.sender !== query.agency && entry.recipient !== query.agency) continue;
    if (query.asOf && Date.parse(entry.time) > query.asOf.getTime()) continue;
    entries.push(entry);
  }
  return entries;
}
