import { createRootRoute, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { type NavEntry, SessionGate, Shell, useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { RecordDrugEventScreen } from './drug-events/drug-event.form';
import { DrugEventScreen } from './drug-events/drug-event.screen';
import { DrugEventsScreen } from './drug-events/drug-events.screen';
import { VerificationScreen } from './verifications/verification.screen';
import { VerificationsScreen } from './verifications/verifications.screen';

function Root() {
  const { t } = useTranslation();
  const can = useCan();
  const nav: NavEntry[] = [
    { to: '/verifications', label: t('nav.verifications') },
    { to: '/drug-events', label: t('nav.drugEvents') },
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
    throw redirect({ to: '/verifications' });
  },
});
const verifications = createRoute({ getParentRoute: () => root, path: '/verifications', component: VerificationsScreen });
const verification = createRoute({
  getParentRoute: () => root,
  path: '/verifications/$id',
  component: function VerificationRoute() {
    const { id } = verification.useParams();
    return <VerificationScreen id={id} />;
  },
});
const drugEvents = createRoute({ getParentRoute: () => root, path: '/drug-events', component: DrugEventsScreen });
const recordDrugEvent = createRoute({ getParentRoute: () => root, path: '/drug-events/new', component: RecordDrugEventScreen });
const drugEvent = createRoute({
  getParentRoute: () => root,
  path: '/drug-events/$id',
  component: function DrugEventRoute() {
    const { id } = drugEvent.useParams();
    return <DrugEventScreen id={id} />;
  },
});
const accessLog = createRoute({ getParentRoute: () => root, path: '/access-log', component: AccessLogScreen });

export const router = createRouter({
  routeTree: root.addChildren([home, verifications, verification, drugEvents, recordDrugEvent, drugEvent, accessLog]),
  basepath: '/ui',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
