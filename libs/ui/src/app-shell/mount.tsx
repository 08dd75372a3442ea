import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type AnyRouter, RouterProvider } from '@tanstack/react-router';
import type { i18n } from 'i18next';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ApiProblem } from '../api/problem.js';
import type { SessionStore } from '../auth/session.store.js';
import { operationRoles } from '../operations/operation-roles.js';
import { AgencyContext } from './agency-context.js';

export interface AgencyAppOptions {
  agency: string;
  session: SessionStore;
  /** The service's OpenAPI document: the client's types and each operation's allowed roles. */
  openapi: { paths: Record<string, Record<string, unknown>> };
  i18n: i18n;
  router: AnyRouter;
}

/** Starts an agency's UI in #root. Signing out (or expiry) forgets every case the screens had read. */
export function mountAgencyApp({ agency, session, openapi, i18n, router }: AgencyAppOptions): void {
  const queryClient = new QueryClient({
    defaultOptions: {
      // A refusal (4xx) will not change by asking again; a network fault or 5xx may.
      queries: { retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 2, refetchOnWindowFocus: false },
    },
  });
  session.subscribe(() => {
    if (session.current.status === 'signed-out') queryClient.clear();
  });
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html lacks #root');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <AgencyContext.Provider value={{ agency, session, roles: operationRoles(openapi) }}>
            <RouterProvider router={router} />
          </AgencyContext.Provider>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
