import { useQuery } from '@tanstack/react-query';
import { Button } from 'design-react-kit';
import { errorsFor, PagerNav, QueryState, TextField, unwrap, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Desk } from '../shared/desk';
import { When } from '../shared/format';

const LIMIT = 50;

export function AccessLogScreen() {
  return (
    <Desk readOperation="AccessLogController_list">
      <AccessLog />
    </Desk>
  );
}

function AccessLog() {
  const { t } = useTranslation();
  usePageTitle(t('accessLog.title'));
  const [offset, setOffset] = useState(0);
  const [typed, setTyped] = useState('');
  const [caseref, setCaseref] = useState('');
  const log = useQuery({
    queryKey: ['access-log', caseref, offset],
    queryFn: () => unwrap(api.GET('/access-log', { params: { query: { limit: LIMIT, offset, caseref: caseref || undefined } } })),
  });
  return (
    <>
      <h1 className="h2">{t('accessLog.title')}</h1>
      <p>{t('accessLog.intro')}</p>
      <form
        noValidate
        className="row align-items-end"
        aria-label={t('filter.label')}
        onSubmit={(event) => {
          event.preventDefault();
          setCaseref(typed.trim());
          setOffset(0);
        }}
      >
        <div className="col-12 col-md-6">
          <TextField
            label={t('accessLog.caseref')}
            hint={t('accessLog.caserefHint')}
            value={typed}
            errors={errorsFor(log.error, 'caseref')}
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        <div className="col-12 col-md-3 mb-3">
          <Button type="submit" color="primary">
            {t('accessLog.search')}
          </Button>
        </div>
      </form>
      <QueryState query={log} isEmpty={(page) => page.items.length === 0} empty={t('accessLog.empty')}>
        {(page) => (
          <>
            <table className="table table-sm">
              <caption className="visually-hidden">{t('accessLog.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accessLog.at')}</th>
                  <th scope="col">{t('accessLog.subject')}</th>
                  <th scope="col">{t('accessLog.roles')}</th>
                  <th scope="col">{t('common.caseref')}</th>
                  <th scope="col">{t('accessLog.purpose')}</th>
                  <th scope="col">{t('accessLog.route')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((entry, index) => (
                  <tr key={`${entry.at}-${index}`}>
                    <td>
                      <When at={entry.at} />
                    </td>
                    <td>{entry.subject}</td>
                    <td>{entry.roles.map((role) => t(`role.${role}`, { defaultValue: role })).join(', ')}</td>
                    <td>{entry.caseref}</td>
                    <td>{t(`purpose.${entry.purpose}`, { defaultValue: entry.purpose })}</td>
                    <td>
                      <code>{entry.route}</code>
                    </td>
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
