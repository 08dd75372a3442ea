import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ApiProblem, QueryState, StatusTimeline, unwrap, usePageTitle } from '@casenet/ui';
import { Alert } from 'design-react-kit';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useLabel } from './report.labels';

const route = getRouteApi('/reports/$reportId');

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="col-12 col-md-6 col-lg-4 mb-3">
      <dt>{term}</dt>
      <dd className="mb-0">{children}</dd>
    </div>
  );
}

export function ReportScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('report.title'));
  const label = useLabel();
  const { reportId } = route.useParams();
  const report = useQuery({ queryKey: ['reports', 'one', reportId], queryFn: () => unwrap(api.GET('/reports/{id}', { params: { path: { id: reportId } } })) });
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  const notSet = t('report.notSet');

  return (
    <>
      <p>
        <Link to="/">{t('report.back')}</Link>
      </p>
      <h1 className="h2">{t('report.title')}</h1>
      {report.error instanceof ApiProblem && (report.error.status === 404 || report.error.status === 400) ? (
        <Alert color="warning">{t('report.notFound')}</Alert>
      ) : (
        <QueryState query={report}>
          {(r) => (
            <>
              <dl className="row">
                <Item term={t('report.caseref')}>{r.caseref}</Item>
                <Item term={t('report.kind')}>{label('kind', r.kind, t('kind.erased'))}</Item>
                <Item term={t('report.status')}>{label('status', r.status)}</Item>
                {r.category ? <Item term={t('report.category')}>{label('category', r.category)}</Item> : null}
                <Item term={t('report.school')}>
                  {r.school.name} ({r.school.code}) · {label('level', r.school.level)}
                </Item>
                <Item term={t('report.filedAt')}>{new Date(r.filedAt).toLocaleString(i18n.language)}</Item>
                <Item term={t('report.schoolYear')}>{r.schoolYear ?? notSet}</Item>
                <Item term={t('report.citizenship')}>{label('citizenship', r.citizenship, notSet)}</Item>
                <Item term={t('report.track')}>{label('track', r.track, notSet)}</Item>
              </dl>
              <h2 className="h4">{t('report.pupil')}</h2>
              {r.pupil ? (
                <dl className="row">
                  <Item term={t('report.pupil')}>
                    {r.pupil.firstName} {r.pupil.lastName}
                  </Item>
                  <Item term={t('report.taxCode')}>{r.pupil.taxCode}</Item>
                  <Item term={t('report.birthDate')}>{date(r.pupil.birthDate)}</Item>
                </dl>
              ) : (
                <Alert color="info">{t('report.erased')}</Alert>
              )}
              <h2 className="h4">{t('report.timeline')}</h2>
              <StatusTimeline
                title={t('report.timeline')}
                entries={[
                  { at: r.filedAt, label: t('report.filed') },
                  ...(r.history ?? []).map((entry) => ({ at: entry.changedAt, label: label('status', entry.status) })),
                ]}
              />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
