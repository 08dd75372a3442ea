import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@casenet/ui';
import { api } from '../api/client.js';
import type { Asst, CareService, DeclineReason, HealthOutcome } from './codes.js';

export type ReferralCommand =
  | { kind: 'accept' }
  | { kind: 'decline'; body: { reason: DeclineReason } }
  | { kind: 'start'; body: { asst: Asst; service: CareService } }
  | { kind: 'complete'; body: { outcome: HealthOutcome; clinicalNote?: string } }
  | { kind: 'assignment'; body: { assignee: string } };

function send(id: string, command: ReferralCommand) {
  const path = { params: { path: { id } } };
  switch (command.kind) {
    case 'accept':
      return unwrap(api.POST('/referrals/{id}/accept', path));
    case 'decline':
      return unwrap(api.POST('/referrals/{id}/decline', { ...path, body: command.body }));
    case 'start':
      return unwrap(api.POST('/referrals/{id}/start', { ...path, body: command.body }));
    case 'complete':
      return unwrap(api.POST('/referrals/{id}/complete', { ...path, body: command.body }));
    case 'assignment':
      return unwrap(api.POST('/referrals/{id}/assignment', { ...path, body: command.body }));
  }
}

/** One step on a referral: every action answers with the referral's detail, which the screen then shows. */
export function useReferralCommand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: ReferralCommand) => send(id, command),
    onSuccess: (view) => {
      queryClient.setQueryData(['referral', id], view);
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    },
  });
}
