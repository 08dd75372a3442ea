import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { type NavEntry, SessionGate, Shell, useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { ReferralScreen } from './referrals/referral.screen';
import { ReferralsScreen } from './referrals/referrals.screen';

function Root() {
  const { t } = useTranslation();
  const can = useCan();
  const nav: NavEntry[] = [
    { to: '/referrals', label: t('nav.referrals') },
    ...(can('AccessLogController_list') ? [{ to: '/access-log', label: t('nav.accessLog') }] : []),
  ];
  return (
    <Shell nav={nav}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'auditor']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

const root = createRootRoute({ component: Root });
const home = createRoute({
  getParentRoute: () => root,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/referrals' });
  },
});
const referrals = createRoute({ getParentRoute: () => root, path: '/referrals', component: ReferralsScreen });
const referral = createRoute({
  getParentRoute: () => root,
  path: '/referrals/$id',
  component: function ReferralRoute() {
    const { id } = referral.useParams();
    return <ReferralScreen id={id} />;
  },
});
const accessLog = createRoute({ getParentRoute: () => root, path: '/access-log', component: AccessLogScreen });

export const router = createRouter({ routeTree: root.addChildren([home, referrals, referral, accessLog]), basepath: '/ui' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
