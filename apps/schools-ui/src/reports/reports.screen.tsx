import { useQuery } from '@tanstack/react-query';
import { PagerNav, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

const LIMIT = 20;

export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('reports.title'));
  const [offset, setOffset] = useState(0);
  const reports = useQuery({ queryKey: ['reports', offset], queryFn: () => unwrap(api.GET('/reports', { params: { query: { limit: LIMIT, offset } } })) });
  return (
    <>
      <h1 className="h2">{t('reports.title')}</h1>
      <QueryState query={reports} isEmpty={(page) => page.items.length === 0} empty={t('reports.empty')}>
        {(page) => (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.kind')}</th>
                  <th scope="col">{t('reports.status')}</th>
                  <th scope="col">{t('reports.filedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((report) => (
                  <tr key={report.id}>
                    <td>{report.kind}</td>
                    <td>{report.status}</td>
                    <td>{new Date(report.filedAt).toLocaleString(i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
