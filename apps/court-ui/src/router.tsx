import { createRootRoute, createRoute, createRouter, Outlet, useParams } from '@tanstack/react-router';
import { SessionGate, Shell } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { useDesks } from './home/desks';
import { HomeScreen } from './home/home.screen';
import { InvestigationScreen } from './investigations/investigation.screen';
import { InvestigationsScreen } from './investigations/investigations.screen';
import { OrderScreen } from './orders/order.screen';
import { OrdersScreen } from './orders/orders.screen';
import { ProceedingScreen } from './proceedings/proceeding.screen';
import { ProceedingsScreen } from './proceedings/proceedings.screen';
import { ProsecutorFileScreen } from './prosecutor/prosecutor-file.screen';
import { ProsecutorFilesScreen } from './prosecutor/prosecutor-files.screen';

function Root() {
  const { t } = useTranslation();
  const desks = useDesks();
  return (
    <Shell nav={[{ to: '/', label: t('nav.home') }, ...desks.map((desk) => ({ to: desk.to, label: t(`nav.${desk.key}`) }))]}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'prosecutor', 'auditor']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

/** Route params are uuids only: nothing of a child in the address bar. */
function useRouteId(): string {
  return useParams({ strict: false }).id ?? '';
}

const root = createRootRoute({ component: Root });
const home = createRoute({ getParentRoute: () => root, path: '/', component: HomeScreen });
const prosecutorFiles = createRoute({ getParentRoute: () => root, path: '/prosecutor', component: ProsecutorFilesScreen });
const prosecutorFile = createRoute({ getParentRoute: () => root, path: '/prosecutor/$id', component: () => <ProsecutorFileScreen id={useRouteId()} /> });
const proceedings = createRoute({ getParentRoute: () => root, path: '/proceedings', component: ProceedingsScreen });
const proceeding = createRoute({ getParentRoute: () => root, path: '/proceedings/$id', component: () => <ProceedingScreen id={useRouteId()} /> });
const investigations = createRoute({ getParentRoute: () => root, path: '/investigations', component: InvestigationsScreen });
const investigation = createRoute({ getParentRoute: () => root, path: '/investigations/$id', component: () => <InvestigationScreen id={useRouteId()} /> });
const orders = createRoute({ getParentRoute: () => root, path: '/orders', component: OrdersScreen });
const order = createRoute({ getParentRoute: () => root, path: '/orders/$id', component: () => <OrderScreen id={useRouteId()} /> });
const accessLog = createRoute({ getParentRoute: () => root, path: '/access-log', component: AccessLogScreen });

export const router = createRouter({
  routeTree: root.addChildren([home, prosecutorFiles, prosecutorFile, proceedings, proceeding, investigations, investigation, orders, order, accessLog]),
  basepath: '/ui',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
