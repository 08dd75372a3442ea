import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { type NavEntry, SessionGate, Shell, useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { AccessLogScreen } from './access-log/access-log.screen';
import { NewReportScreen } from './reports/new-report.screen';
import { ReportScreen } from './reports/report.screen';
import { ReportsScreen } from './reports/reports.screen';
import { CampaignScreen } from './survey/campaign.screen';
import { CampaignsScreen } from './survey/campaigns.screen';
import { QuestionnaireScreen } from './survey/questionnaire.screen';
import { QuestionnairesScreen } from './survey/questionnaires.screen';

function Root() {
  const { t } = useTranslation();
  const can = useCan();
  // The school office sees no report: its own screens only.
  const nav: NavEntry[] = [
    ...(can('ReportsController_list') ? [{ to: '/', label: t('nav.reports') }] : []),
    ...(can('ReportsController_file') ? [{ to: '/reports/new', label: t('nav.newReport') }] : []),
    ...(can('SurveyAnswersController_list') ? [{ to: '/survey', label: t('nav.survey') }] : []),
    ...(can('SurveyCampaignsController_list') ? [{ to: '/ust', label: t('nav.ust') }] : []),
    ...(can('AccessLogController_list') ? [{ to: '/access-log', label: t('nav.accessLog') }] : []),
  ];
  return (
    <Shell nav={nav}>
      <SessionGate devRoles={['caseworker', 'supervisor', 'auditor', 'ust']}>
        <Outlet />
      </SessionGate>
    </Shell>
  );
}

/** The landing screen: the school's reports, or the school office's campaigns (it sees no report). */
function Home() {
  const can = useCan();
  return can('ReportsController_list') ? <ReportsScreen /> : <CampaignsScreen />;
}

const root = createRootRoute({ component: Root });
const reports = createRoute({ getParentRoute: () => root, path: '/', component: Home });
const survey = createRoute({ getParentRoute: () => root, path: '/survey', component: QuestionnairesScreen });
const questionnaire = createRoute({ getParentRoute: () => root, path: '/survey/$campaignId/$code', component: QuestionnaireScreen });
const campaigns = createRoute({ getParentRoute: () => root, path: '/ust', component: CampaignsScreen });
const campaign = createRoute({ getParentRoute: () => root, path: '/ust/$campaignId', component: CampaignScreen });
const newReport = createRoute({ getParentRoute: () => root, path: '/reports/new', component: NewReportScreen });
const report = createRoute({ getParentRoute: () => root, path: '/reports/$reportId', component: ReportScreen });
const accessLog = createRoute({ getParentRoute: () => root, path: '/access-log', component: AccessLogScreen });

export const router = createRouter({
  routeTree: root.addChildren([reports, newReport, report, accessLog, survey, questionnaire, campaigns, campaign]),
  basepath: '/ui',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
