import { problemFrom } from '../api/problem.js';

export interface DevLogin {
  agency: string;
  role: string;
  schoolCodes?: string[];
  expiresInSeconds?: number;
}

/** Asks the service's dev issuer for a token (only offered where `GET /session/config` says so). */
export async function devToken(login: DevLogin): Promise<{ accessToken: string; expiresAt: number }> {
  const response = await fetch('/session/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(login),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemFrom(response.status, body);
  const { accessToken, expiresAt } = body as { accessToken: string; expiresAt: string };
  return { accessToken, expiresAt: Date.parse(expiresAt) };
}

export interface SessionConfig {
  agency: string;
  devLogin: boolean;
  oidc: { authority: string; clientId: string } | null;
}

export async function sessionConfig(): Promise<SessionConfig> {
  const response = await fetch('/session/config', { headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemFrom(response.status, body);
  return body as SessionConfig;
}
