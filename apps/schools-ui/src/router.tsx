import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { type NavEntry, SessionGate, Shell, useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { NewReportScreen } from './reports/new-report.screen';
import { ReportScreen } from './reports/report.screen';
import { ReportsScreen } from './reports/reports.screen';

function Root() {
  const { t } = useTranslation();
  const can = useCan();
  const nav: NavEntry[] = [
    { to: '/', label: t('nav.reports') },
    ...(can('ReportsController_file') ? [{ to: '/reports/new', label: t('nav.newReport') }] : []),
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
const reports = createRoute({ getParentRoute: () => root, path: '/', component: ReportsScreen });
const newReport = createRoute({ getParentRoute: () => root, path: '/reports/new', component: NewReportScreen });
const report = createRoute({ getParentRoute: () => root, path: '/reports/$reportId', component: ReportScreen });
const accessLog = createRoute({ getParentRoute: () => root, path: '/access-log', component: AccessLogScreen });

export const router = createRouter({ routeTree: root.addChildren([reports, newReport, report, accessLog]), basepath: '/ui' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
