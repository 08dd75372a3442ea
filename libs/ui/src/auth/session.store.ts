import { ApiProblem, problemFrom } from '../api/problem.js';

/** Whom the service took the token for (`GET /session`). */
export interface SessionView {
  subject: string;
  agency: string;
  roles: string[];
  schoolCodes: string[];
}

export type SessionState =
  { status: 'signed-out'; reason?: 'expired' | 'refused'; detail?: string } | { status: 'signed-in'; token: string; session: SessionView; expiresAt: number };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The caseworker's session, in memory only: the token is never written to browser storage, so
 * closing the tab ends it. It ends by itself at the token's expiry, and on any 401 from the API.
 */
export class SessionStore {
  private state: SessionState = { status: 'signed-out' };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fetcher: Fetch = (input, init) => fetch(input, init),
    private readonly now: () => number = () => Date.now(),
  ) {}

  get current(): SessionState {
    return this.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): SessionState => this.state;

  /** Asks this service whom it takes the token for; another agency's token is refused here. */
  async signIn(token: string, expiresAt: number): Promise<SessionState> {
    const response = await this.fetcher('/session', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = problemFrom(response.status, body);
      this.set({ status: 'signed-out', reason: 'refused', detail: problem.detail || problem.title });
      return this.state;
    }
    this.set({ status: 'signed-in', token, session: body as SessionView, expiresAt });
    clearTimeout(this.timer);
    // setTimeout's delay is a 32-bit integer: an 8-hour token fits well within it.
    this.timer = setTimeout(() => this.expire(), Math.max(0, expiresAt - this.now()));
    return this.state;
  }

  /** The token ran out, or the API answered 401: back to the sign-in screen, saying why. */
  expire(): void {
    if (this.state.status !== 'signed-in') return;
    this.end({ status: 'signed-out', reason: 'expired' });
  }

  signOut(): void {
    this.end({ status: 'signed-out' });
  }

  token(): string | undefined {
    return this.state.status === 'signed-in' ? this.state.token : undefined;
  }

  /** The caller holds one of `roles` (the operation's `x-allowed-roles`). */
  holdsAny(roles: readonly string[]): boolean {
    return this.state.status === 'signed-in' && this.state.session.roles.some((role) => roles.includes(role));
  }

  private end(state: SessionState): void {
    clearTimeout(this.timer);
    this.set(state);
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export { ApiProblem };
