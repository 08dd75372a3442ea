import { type ReactNode, useEffect } from 'react';
import { LoginScreen } from '../auth/login.screen.js';
import { sessionConfig } from '../auth/dev-login.js';
import { completeOidcSignIn, oidcManager } from '../auth/oidc.js';
import { useAgency, useSessionState } from './agency-context.js';

/** The screens only once signed in; the sign-in screen (and the provider's return) otherwise. */
export function SessionGate({ devRoles, children }: { devRoles: readonly string[]; children: ReactNode }) {
  const { session } = useAgency();
  const state = useSessionState();
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has('code')) return;
    void sessionConfig().then(async (config) => {
      if (!config.oidc) return;
      const signedIn = await completeOidcSignIn(oidcManager(config.oidc));
      if (signedIn) await session.signIn(signedIn.accessToken, signedIn.expiresAt);
    });
  }, [session]);
  return state.status === 'signed-in' ? <>{children}</> : <LoginScreen devRoles={devRoles} />;
}
