import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { SessionGate, Shell } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { ReportsScreen } from './reports/reports.screen';

function Root() {
  const { t } = useTranslation();
  return (
    <Shell nav={[{ to: '/', label: t('nav.reports') }]}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'auditor']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

const root = createRootRoute({ component: Root });
const reports = createRoute({ getParentRoute: () => root, path: '/', component: ReportsScreen });

export const router = createRouter({ routeTree: root.addChildren([reports]), basepath: '/ui' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
