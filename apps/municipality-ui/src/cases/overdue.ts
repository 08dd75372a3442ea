import { useQuery } from '@tanstack/react-query';
import { unwrap } from '@casenet/ui';
import { api } from '../api/client';

/**
 * The caserefs with something overdue (a referral, a mandate, an investigation): the case list
 * does not carry its web, so the three worklists' `overdue` filters say which cases to mark.
 */
export function useOverdueCaserefs(): ReadonlySet<string> {
  const overdue = useQuery({
    queryKey: ['overdue-caserefs'],
    queryFn: async () => {
      const query = { limit: 200, overdue: 'true' as const };
      const [referrals, mandates, investigations] = await Promise.all([
        unwrap(api.GET('/referrals', { params: { query } })),
        unwrap(api.GET('/mandates', { params: { query } })),
        unwrap(api.GET('/investigations', { params: { query } })),
      ]);
      return new Set([...referrals.items, ...mandates.items, ...investigations.items].map((item) => item.caseref));
    },
  });
  return overdue.data ?? new Set();
}
