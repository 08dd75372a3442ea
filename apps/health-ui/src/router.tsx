import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { SessionGate, Shell, usePageTitle } from '@casenet/ui';
import { useTranslation } from 'react-i18next';

function Root() {
  const { t } = useTranslation();
  return (
    <Shell nav={[{ to: '/', label: t('nav.home') }]}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'auditor']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

function Home() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  return <h1 className="h2">{t('home.title')}</h1>;
}

const root = createRootRoute({ component: Root });
const home = createRoute({ getParentRoute: () => root, path: '/', component: Home });

export const router = createRouter({ routeTree: root.addChildren([home]), basepath: '/ui' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
