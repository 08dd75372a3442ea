import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { type NavEntry, SessionGate, Shell, useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { CaseScreen } from './cases/case.screen';
import { CasesScreen } from './cases/cases.screen';
import { HomeScreen } from './home.screen';
import { LocalServicesScreen } from './intakes/local-services.screen';
import { SpontaneousAccessScreen } from './intakes/spontaneous-access.screen';
import { InvestigationsScreen } from './investigations/investigations.screen';
import { MandatesScreen } from './mandates/mandates.screen';
import { OsservatorioScreen } from './osservatorio/osservatorio.screen';
import { ReferralsScreen } from './referrals/referrals.screen';
import { SignalsScreen } from './signals/signals.screen';

/** The screens a role may open: each shows only when the API lets the role call what it is for. */
const NAV: readonly [to: string, label: string, operationId: string][] = [
  ['/', 'nav.screening', 'ScreeningController_queue'],
  ['/cases', 'nav.cases', 'CasesController_list'],
  ['/referrals', 'nav.referrals', 'ReferralsController_list'],
  ['/mandates', 'nav.mandates', 'MandatesController_list'],
  ['/investigations', 'nav.investigations', 'InvestigationsController_list'],
  ['/signals', 'nav.signals', 'SignalsController_list'],
  ['/intakes/spontaneous-access', 'nav.spontaneous', 'IntakesController_recordSpontaneousAccess'],
  ['/intakes/local-services', 'nav.localServices', 'IntakesController_reportByLocalServices'],
  ['/access-log', 'nav.accessLog', 'AccessLogController_list'],
  ['/osservatorio', 'nav.osservatorio', 'OsservatorioController_tables'],
];

function useNav(): NavEntry[] {
  const { t } = useTranslation();
  const can = useCan();
  return NAV.filter(([to, , operation]) => can(operation) && !(to === '/intakes/local-services' && can('ScreeningController_queue'))).map(([to, label]) => ({
    to,
    label: t(label),
  }));
}

function Root() {
  return (
    <Shell nav={useNav()}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'auditor', 'local_services', 'analyst']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

const root = createRootRoute({ component: Root });
const parent = { getParentRoute: () => root };

export const router = createRouter({
  routeTree: root.addChildren([
    createRoute({ ...parent, path: '/', component: HomeScreen }),
    createRoute({ ...parent, path: '/cases', component: CasesScreen }),
    createRoute({ ...parent, path: '/cases/$caseref', component: CaseScreen }),
    createRoute({ ...parent, path: '/referrals', component: ReferralsScreen }),
    createRoute({ ...parent, path: '/mandates', component: MandatesScreen }),
    createRoute({ ...parent, path: '/investigations', component: InvestigationsScreen }),
    createRoute({ ...parent, path: '/signals', component: SignalsScreen }),
    createRoute({ ...parent, path: '/intakes/spontaneous-access', component: SpontaneousAccessScreen }),
    createRoute({ ...parent, path: '/intakes/local-services', component: LocalServicesScreen }),
    createRoute({ ...parent, path: '/access-log', component: AccessLogScreen }),
    createRoute({ ...parent, path: '/osservatorio', component: OsservatorioScreen }),
  ]),
  basepath: '/ui',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
