import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { SessionStore } from '../auth/session.store.js';
import { problemFrom } from './problem.js';

/**
 * The agency's API, typed from its OpenAPI document (openapi-typescript), on the UI's own origin:
 * the bearer token is added from the in-memory session, and a 401 ends the session.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- openapi-fetch's own bound for a paths type
export function createAgencyClient<Paths extends {}>(session: SessionStore): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: window.location.origin });
  const bearer: Middleware = {
    onRequest({ request }) {
      const token = session.token();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) session.expire();
      return response;
    },
  };
  client.use(bearer);
  return client;
}

/** openapi-fetch's answer as the data, or an ApiProblem thrown for the screen to show. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw problemFrom(response.status, error);
  return data as T;
}
