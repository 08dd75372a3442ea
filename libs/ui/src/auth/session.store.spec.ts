import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from './session.store.js';

const me = { subject: 'dev-schools-caseworker', agency: 'schools', roles: ['caseworker'], schoolCodes: ['MIEE123456'] };

function answering(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

describe('SessionStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('signs in only once the service accepts the token, and ends the session at its expiry', async () => {
    const fetcher = answering(200, me);
    const store = new SessionStore(fetcher, () => Date.now());
    await store.signIn('t0k', Date.now() + 60_000);
    expect(fetcher).toHaveBeenCalledWith('/session', expect.objectContaining({ headers: expect.objectContaining({ authorization: 'Bearer t0k' }) }));
    expect(store.current.status).toBe('signed-in');
    expect(store.token()).toBe('t0k');
    vi.advanceTimersByTime(59_999);
    expect(store.current.status).toBe('signed-in');
    vi.advanceTimersByTime(2);
    expect(store.current).toEqual({ status: 'signed-out', reason: 'expired' });
    expect(store.token()).toBeUndefined();
  });

  it("shows another agency's refusal, with the service's reason", async () => {
    const store = new SessionStore(answering(403, { title: 'Forbidden', detail: 'this service belongs to schools; the token is for police' }));
    await store.signIn('police-token', Date.now() + 60_000);
    expect(store.current).toEqual({ status: 'signed-out', reason: 'refused', detail: 'this service belongs to schools; the token is for police' });
  });

  it('holds exactly the roles the service took the token for', async () => {
    const store = new SessionStore(answering(200, { ...me, roles: ['auditor'] }));
    expect(store.holdsAny(['auditor'])).toBe(false);
    await store.signIn('t', Date.now() + 60_000);
    expect(store.holdsAny(['caseworker', 'supervisor'])).toBe(false);
    expect(store.holdsAny(['caseworker', 'auditor'])).toBe(true);
    store.signOut();
    expect(store.holdsAny(['auditor'])).toBe(false);
  });

  it('a 401 from the API (expire) ends only a live session', async () => {
    const store = new SessionStore(answering(200, me));
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.current.status));
    store.expire();
    expect(seen).toEqual([]);
    await store.signIn('t', Date.now() + 60_000);
    store.expire();
    expect(seen).toEqual(['signed-in', 'signed-out']);
  });
});
