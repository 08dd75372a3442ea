import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { NewBadge, PagerNav, QueryState, unwrap, useCan, useLastLooked, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { components } from '../api/schema';
import { useLabel } from './report.labels';

const LIMIT = 20;

type ReportView = components['schemas']['ReportView'];

/** When the report last changed as the school knows it: its newest status, or its filing. */
function lastChange(report: ReportView): string {
  return report.history?.at(-1)?.changedAt ?? report.filedAt;
}

export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('reports.title'));
  const can = useCan();
  const label = useLabel();
  const isNew = useLastLooked('schools', 'reports');
  const [offset, setOffset] = useState(0);
  const reports = useQuery({ queryKey: ['reports', offset], queryFn: () => unwrap(api.GET('/reports', { params: { query: { limit: LIMIT, offset } } })) });
  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2">
        <h1 className="h2">{t('reports.title')}</h1>
        {can('ReportsController_file') ? (
          <Link to="/reports/new" className="btn btn-primary">
            {t('reports.newReport')}
          </Link>
        ) : null}
      </div>
      <QueryState query={reports} isEmpty={(page) => page.items.length === 0} empty={t('reports.empty')}>
        {(page) => (
          <>
            <p className="small text-secondary">{t('reports.newHint')}</p>
            <div className="table-responsive">
              <table className="table" aria-busy={reports.isFetching}>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.caseref')}</th>
                    <th scope="col">{t('reports.kind')}</th>
                    <th scope="col">{t('reports.pupil')}</th>
                    <th scope="col">{t('reports.status')}</th>
                    <th scope="col">{t('reports.school')}</th>
                    <th scope="col">{t('reports.filedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((report) => (
                    <tr key={report.id}>
                      <td>
                        <Link to="/reports/$reportId" params={{ reportId: report.id }}>
                          {report.caseref}
                        </Link>
                      </td>
                      <td>{label('kind', report.kind, t('kind.erased'))}</td>
                      <td>{report.pupil ? `${report.pupil.firstName} ${report.pupil.lastName}` : t('kind.erased')}</td>
                      <td>
                        {label('status', report.status)} <NewBadge show={isNew(lastChange(report))} />
                      </td>
                      <td>{report.school.code}</td>
                      <td>{new Date(report.filedAt).toLocaleString(i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
