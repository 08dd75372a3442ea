import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SessionConfig } from './dev-login.js';

/**
 * Authorization code with PKCE against the agency's identity provider. The user (and its tokens)
 * stays in memory; only the PKCE verifier and state survive the redirect, in sessionStorage, and
 * oidc-client-ts removes them once the callback is read.
 */
export function oidcManager(oidc: NonNullable<SessionConfig['oidc']>): UserManager {
  const redirect = `${window.location.origin}/ui/`;
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    redirect_uri: redirect,
    post_logout_redirect_uri: redirect,
    response_type: 'code',
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}

/** After the provider sends the browser back: the tokens, and the code and state gone from the address bar. */
export async function completeOidcSignIn(manager: UserManager): Promise<{ accessToken: string; expiresAt: number } | undefined> {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('code') || !params.has('state')) return undefined;
  const user = await manager.signinRedirectCallback();
  window.history.replaceState(null, '', '/ui/');
  return user ? { accessToken: user.access_token, expiresAt: (user.expires_at ?? 0) * 1000 } : undefined;
}
