import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { SessionState, SessionStore } from '../auth/session.store.js';
import type { OperationRoles } from '../operations/operation-roles.js';

export interface AgencyContextValue {
  agency: string;
  session: SessionStore;
  roles: OperationRoles;
}

export const AgencyContext = createContext<AgencyContextValue | null>(null);

export function useAgency(): AgencyContextValue {
  const value = useContext(AgencyContext);
  if (!value) throw new Error('useAgency outside <AgencyApp>');
  return value;
}

export function useSessionState(): SessionState {
  const { session } = useAgency();
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** Whether the signed-in caseworker may call an operation: what the API allows, nothing more. */
export function useCan(): (operationId: string) => boolean {
  const { session, roles } = useAgency();
  const state = useSessionState();
  return useCallback((operationId: string) => state.status === 'signed-in' && session.holdsAny(roles[operationId] ?? []), [state, session, roles]);
}
