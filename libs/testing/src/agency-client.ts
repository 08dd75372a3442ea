import type { Agency } from '@casenet/contracts';
import { devToken } from './tokens.js';

export interface ApiResponse<T> {
  status: number;
  body: T;
}

/**
 * A caseworker of one agency talking to that agency's API, as a browser or script would. At
 * schools the token names the schools the user acts for (`schoolCodes`); without them every
 * report route refuses it.
 */
export class AgencyClient {
  private token?: Promise<string>;

  constructor(
    readonly agency: Agency,
    readonly baseUrl: string,
    private readonly roles: string[] = ['caseworker'],
    readonly schoolCodes: readonly string[] = [],
  ) {}

  get<T>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  async request<T>(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResponse<T>> {
    const bearer = token === null ? undefined : (token ?? (await (this.token ??= devToken(this.agency, this.roles, { schoolCodes: [...this.schoolCodes] }))));
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return { status: response.status, body: (text && json ? JSON.parse(text) : text || undefined) as T };
  }
}

/** Polls until `probe` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
