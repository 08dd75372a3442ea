import type { Agency } from '@casenet/contracts';

/** Where an agency's API is and the auditor token the DPO reads its access log with. */
export interface AgencyApi {
  baseUrl: string;
  token: string;
}

/** One read of the child's case in one agency: who (the caseworker's token subject), as what, when, through which route, why. */
export interface AccessRead {
  agency: Agency;
  at: string;
  reader: string;
  roles: string[];
  caseref: string;
  purpose: string;
  route: string;
}

/** What `GET /access-log` answers (libs/compliance), or a problem document. */
interface AccessLogPage {
  items?: { at: string; subject: string; roles: string[]; caseref: string; purpose: string; route: string }[];
  total?: number;
  title?: string;
  detail?: string;
}

export class AccessLogError extends Error {}

const PAGE = 200;

/** The agency's `GET /access-log?caseref=` for each reference, every page; oldest read first. */
export async function readAccessLog(agency: Agency, api: AgencyApi, caserefs: readonly string[]): Promise<AccessRead[]> {
  const reads: AccessRead[] = [];
  for (const caseref of caserefs) {
    for (let offset = 0; ; offset += PAGE) {
      const url = `${api.baseUrl.replace(/\/$/, '')}/access-log?caseref=${encodeURIComponent(caseref)}&limit=${PAGE}&offset=${offset}`;
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' } });
      } catch (error) {
        throw new AccessLogError(`${agency}'s access log cannot be reached at ${api.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = (await response.json().catch(() => undefined)) as AccessLogPage | undefined;
      if (response.status !== 200 || !Array.isArray(body?.items) || typeof body.total !== 'number')
        throw new AccessLogError(`${agency}'s access log answered ${response.status}${body?.detail || body?.title ? `: ${body.detail ?? body.title}` : ''}`);
      for (const item of body.items)
        reads.push({ agency, at: item.at, reader: item.subject, roles: item.roles, caseref: item.caseref, purpose: item.purpose, route: item.route });
      if (body.items.length < PAGE || offset + PAGE >= body.total) break;
    }
  }
  return reads.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The schools a schools token acts for (its `school_codes` claim), to say whose access log was read; read, not verified (the service verifies it). */
export function schoolCodesOf(token: string): string[] {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { school_codes?: unknown };
    return Array.isArray(claims.school_codes) ? claims.school_codes.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}
