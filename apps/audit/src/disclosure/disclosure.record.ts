import type { ChainBreak, TrustList, VerifierOptions } from '@casenet/audit-log';
import { AGENCIES, type Agency, agencyOfInbox, isAgency, producerOfSource } from '@casenet/contracts';
import { type PseudonymSpace, pseudonymSpace, type SharingPolicy } from '@casenet/privacy';
import type pg from 'pg';
import { verifyArchive } from '../verify/verify-archive.js';
import { type AccessRead, type AgencyApi, readAccessLog, schoolCodesOf } from './access-log.reader.js';
import { type ArchivedEvent, findChildEvents } from './child-events.finder.js';
import { type ExplainedCategory, explainCategory } from './data-category.glossary.js';
import { type EntryVerification, verifyEntry } from './entry.verification.js';
import { type ErasureStatus, erasureStatus, type KeyVersionRow, readKeyVersions, type SealedState, sealedState } from './erasure.status.js';
import { type ExplainedCitation, type Explanation, explainLegalBasis } from './legal-basis.glossary.js';

/** One disclosure: an event about the child that one agency sent another. Never a personal value. */
export interface DisclosureEntry {
  time: string;
  eventId: string;
  type: string;
  sender: string;
  recipient: string;
  caseref: string;
  /** Whose pseudonym named the child: the recipient's own, or the coordinator's (schools and municipality). */
  pseudonymSpace: PseudonymSpace | 'unknown';
  purpose: string;
  legalBasis: string;
  dataCategories: string[];
  /** Record identifiers that travelled in clear (report, referral, order ids); codes, reasons and outcomes are left out. */
  references: Record<string, string>;
  /** What became of the personal part: none travelled, sealed under a live key, or its key destroyed by an erasure. */
  personalData: SealedState;
  chain: { signer: string | null; chainseq: number | null; archiveId: string };
  verification: EntryVerification;
}

export interface AccessLogSection {
  agency: Agency;
  /** The child's references this agency was party to (it sent or received an event under them). */
  caserefs: string[];
  /** Schools only: the schools whose access log the token reads (each school is its own controller). */
  schoolCodes?: string[];
  reads: AccessRead[];
  /** What the reader should know about this log's completeness. */
  note?: Explanation;
}

/**
 * A school's access log lists reads of the reports its token's schools filed (each school is its
 * own controller); the erasure sweep clears which school filed an erased child's report, so those
 * reads stay in the school's log but no school's token lists them any more.
 */
const ERASED_SCHOOL_NOTE: Explanation = {
  it: 'Dopo la cancellazione la scuola che ha inviato la segnalazione non è più registrata: le letture restano nel registro della scuola ma nessun token di scuola le elenca.',
  en: 'After the erasure the report no longer records which school filed it: its reads stay in the school’s log, but no school’s token lists them.',
};

export interface DisclosureRecord {
  generatedAt: string;
  /** How the DPO named the child (never the tax code itself). */
  identifiedBy: { taxCode: boolean; caserefs: string[] };
  caserefs: string[];
  /** The pseudonym spaces the child's events travelled in. */
  pseudonymSpaces: (PseudonymSpace | 'unknown')[];
  erasure: ErasureStatus;
  disclosures: DisclosureEntry[];
  accessLogs: AccessLogSection[];
  integrity: {
    /** Every disclosure verified and the whole archive intact: nothing deleted, edited or forged anywhere. */
    verified: boolean;
    archiveIntact: boolean;
    entriesVerified: number;
    entriesNotVerified: number;
    /** The archive's breaks (a deleted event cannot be attributed to a child, so every break counts). */
    breaks: ChainBreak[];
    /** Positions in flight, younger than the grace window: the record may not show them yet. */
    pending: number;
  };
  legalBases: Record<string, ExplainedCitation[]>;
  categories: ExplainedCategory[];
}

export interface DisclosureSources {
  archive: pg.Pool;
  vault: pg.Pool;
  trust: TrustList;
  trustListFile: string;
  policy: SharingPolicy;
  /** The APIs whose access logs to read, by agency; an agency the child's cases reached must be here. */
  apis: Partial<Record<Agency, AgencyApi>>;
  verify: VerifierOptions;
}

export interface DisclosureQuery {
  /** The child's pseudonyms in every space, derived from the tax code by the caller. */
  pseudonyms: string[];
  caserefs: string[];
  taxCodeGiven: boolean;
}

export class MissingAgencyApiError extends Error {
  constructor(readonly agencies: Agency[]) {
    super(`the child's cases reached ${agencies.join(', ')}: their access logs are part of the record`);
  }
}

/**
 * The child's disclosure record (GDPR art. 15): every event about the child in the signed archive,
 * each checked against its signature and chain, and every read of the child's cases in each
 * agency's access log. It never opens a seal: personal values are neither read nor shown.
 */
export async function disclosureRecord(sources: DisclosureSources, query: DisclosureQuery, generatedAt = new Date()): Promise<DisclosureRecord> {
  const child = await findChildEvents(sources.archive, { subjects: query.pseudonyms, caserefs: query.caserefs });
  const parties = partiesByCaseref(child.events);
  const missing = [...parties.keys()].filter((agency) => !sources.apis[agency]);
  if (missing.length > 0) throw new MissingAgencyApiError(missing);

  const report = await verifyArchive(sources.archive, sources.trust, sources.trustListFile, sources.verify);
  const conflicts = new Set((await sources.archive.query<{ identity: string }>('SELECT DISTINCT identity FROM archive_conflicts')).rows.map((r) => r.identity));
  const keys = await readKeyVersions(sources.vault, child.subjects);
  const disclosures = child.events.map((e) => disclosureOf(e, keys, verifyEntry(e.event, e.contentHash, sources.trust, report.breaks, conflicts)));

  const erasure = erasureStatus(keys);
  const accessLogs: AccessLogSection[] = [];
  for (const [agency, caserefs] of parties) {
    const api = sources.apis[agency] as AgencyApi;
    accessLogs.push({
      agency,
      caserefs,
      ...(agency === 'schools' ? { schoolCodes: schoolCodesOf(api.token) } : {}),
      reads: await readAccessLog(agency, api, caserefs),
      ...(agency === 'schools' && erasure.erased ? { note: ERASED_SCHOOL_NOTE } : {}),
    });
  }
  const notVerified = disclosures.filter((d) => !d.verification.verified).length;
  const legalBases = Object.fromEntries([...new Set(disclosures.map((d) => d.legalBasis))].map((basis) => [basis, explainLegalBasis(basis)]));
  const categories = [...new Set(disclosures.flatMap((d) => d.dataCategories))].sort().map((c) => explainCategory(sources.policy, c));
  return {
    generatedAt: generatedAt.toISOString(),
    identifiedBy: { taxCode: query.taxCodeGiven, caserefs: query.caserefs },
    caserefs: [...new Set(disclosures.map((d) => d.caseref))].sort(),
    pseudonymSpaces: [...new Set(disclosures.map((d) => d.pseudonymSpace))].sort(),
    erasure,
    disclosures,
    accessLogs,
    integrity: {
      verified: report.intact && notVerified === 0,
      archiveIntact: report.intact,
      entriesVerified: disclosures.length - notVerified,
      entriesNotVerified: notVerified,
      breaks: report.breaks,
      pending: report.pending.length,
    },
    legalBases,
    categories,
  };
}

/** What the record says about one archived event: who, to whom, when, why, which categories; no values. */
export function disclosureOf(archived: ArchivedEvent, keys: readonly KeyVersionRow[], verification: EntryVerification): DisclosureEntry {
  const e = archived.event;
  const clear = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
  return {
    time: String(e.time),
    eventId: String(e.id),
    type: String(e.type),
    sender: producerOfSource(e.source) ?? String(e.source),
    recipient: recipientOf(archived.topic),
    caseref: String(e.caseref),
    pseudonymSpace: (typeof e.subject === 'string' ? pseudonymSpace(e.subject) : undefined) ?? 'unknown',
    purpose: String(e.purpose),
    legalBasis: String(e.legalbasis),
    dataCategories: Array.isArray(e.datacategories) ? e.datacategories.map(String) : [],
    references: referencesIn(clear),
    personalData: sealedState(e.sealed, e.subject, keys),
    chain: { signer: producerOfSource(e.source) ?? null, chainseq: typeof e.chainseq === 'number' ? e.chainseq : null, archiveId: archived.archiveId },
    verification,
  };
}

/** Identifiers only (`reportId`, `referralId`, …): status codes, reasons and outcomes are values the erasure sweeps clear, so the record leaves them out. */
export function referencesIn(clear: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(clear).filter((entry): entry is [string, string] => /Id$/.test(entry[0]) && typeof entry[1] === 'string'));
}

/** An inbox topic (with or without a deployment prefix) names its reader. */
export function recipientOf(topic: string): string {
  return agencyOfInbox(topic.replace(/^.*?([a-z]+\.inbox\.v1)$/, '$1')) ?? topic;
}

/** Which of the child's references each agency was party to, as sender or recipient. */
export function partiesByCaseref(events: readonly ArchivedEvent[]): Map<Agency, string[]> {
  const parties = new Map<Agency, Set<string>>();
  for (const { event, topic } of events) {
    if (typeof event.caseref !== 'string') continue;
    for (const agency of [producerOfSource(event.source), recipientOf(topic)]) {
      if (!isAgency(agency)) continue;
      const refs = parties.get(agency) ?? new Set<string>();
      refs.add(event.caseref);
      parties.set(agency, refs);
    }
  }
  return new Map(AGENCIES.filter((a) => parties.has(a)).map((agency) => [agency, [...(parties.get(agency) as Set<string>)].sort()]));
}
