import { useQuery } from '@tanstack/react-query';
import { PagerNav, QueryState, TextField, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useLabel } from '../reports/report.labels';

const LIMIT = 50;

/** Who read which of the schools' cases: for supervisors and auditors (the API says who). */
export function AccessLogScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('accessLog.title'));
  const can = useCan();
  const label = useLabel();
  const [offset, setOffset] = useState(0);
  const [typed, setTyped] = useState('');
  const [caseref, setCaseref] = useState('');
  const allowed = can('AccessLogController_list');
  const log = useQuery({
    queryKey: ['access-log', caseref, offset],
    queryFn: () => unwrap(api.GET('/access-log', { params: { query: { limit: LIMIT, offset, ...(caseref ? { caseref } : {}) } } })),
    enabled: allowed,
  });

  function filter(event: FormEvent) {
    event.preventDefault();
    setOffset(0);
    setCaseref(typed.trim());
  }

  if (!allowed) {
    return (
      <>
        <h1 className="h2">{t('accessLog.title')}</h1>
        <Alert color="info">{t('accessLog.notAllowed')}</Alert>
      </>
    );
  }
  return (
    <>
      <h1 className="h2">{t('accessLog.title')}</h1>
      <p>{t('accessLog.intro')}</p>
      {/* A search form: the case reference stays in memory, never in the address bar. */}
      <form noValidate onSubmit={filter} className="d-flex flex-wrap align-items-end gap-2 mb-3" role="search">
        <TextField label={t('accessLog.filter')} name="caseref" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <div className="mb-3 d-flex gap-2">
          <Button color="primary" type="submit">
            {t('accessLog.apply')}
          </Button>
          {caseref ? (
            <Button
              color="primary"
              outline
              type="button"
              onClick={() => {
                setTyped('');
                setCaseref('');
                setOffset(0);
              }}
            >
              {t('accessLog.clear')}
            </Button>
          ) : null}
        </div>
      </form>
      <QueryState query={log} isEmpty={(page) => page.items.length === 0} empty={t('accessLog.empty')}>
        {(page) => (
          <>
            <div className="table-responsive">
              <table className="table table-sm">
                <thead>
                  <tr>
                    <th scope="col">{t('accessLog.at')}</th>
                    <th scope="col">{t('accessLog.subject')}</th>
                    <th scope="col">{t('accessLog.roles')}</th>
                    <th scope="col">{t('accessLog.caseref')}</th>
                    <th scope="col">{t('accessLog.purpose')}</th>
                    <th scope="col">{t('accessLog.route')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((entry, index) => (
                    <tr key={`${entry.at}-${entry.caseref}-${index}`}>
                      <td>{new Date(entry.at).toLocaleString(i18n.language)}</td>
                      <td>{entry.subject}</td>
                      <td>{entry.roles.map((role) => label('role', role)).join(', ')}</td>
                      <td>{entry.caseref}</td>
                      <td>{label('purpose', entry.purpose)}</td>
                      <td>
                        <code>{entry.route}</code>
                      </td>
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
