import { useQuery } from '@tanstack/react-query';
import { PagerNav, QueryState, TextField, unwrap, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useFormat } from '../shared/format';

const LIMIT = 50;

/** Who read which case's personal data, when and why: for supervisors and auditors. */
export function AccessLogScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('accessLog.title'));
  const [typed, setTyped] = useState({ caseref: '', subject: '' });
  const [filters, setFilters] = useState({ caseref: '', subject: '' });
  const [offset, setOffset] = useState(0);
  const query = { limit: LIMIT, offset, ...(filters.caseref ? { caseref: filters.caseref } : {}), ...(filters.subject ? { subject: filters.subject } : {}) };
  const log = useQuery({ queryKey: ['access-log', query], queryFn: () => unwrap(api.GET('/access-log', { params: { query } })) });
  const filter = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ caseref: typed.caseref.trim(), subject: typed.subject.trim() });
    setOffset(0);
  };
  return (
    <>
      <h1 className="h2">{t('accessLog.title')}</h1>
      <p>{t('accessLog.intro')}</p>
      <form className="row g-3 align-items-end" onSubmit={filter} noValidate>
        <div className="col-md-5">
          <TextField
            label={t('field.caseref')}
            name="caseref"
            value={typed.caseref}
            onChange={(event) => setTyped({ ...typed, caseref: event.target.value })}
          />
        </div>
        <div className="col-md-5">
          <TextField
            label={t('accessLog.bySubject')}
            name="subject"
            value={typed.subject}
            onChange={(event) => setTyped({ ...typed, subject: event.target.value })}
          />
        </div>
        <div className="col-md-2 mb-3">
          <Button color="primary" outline type="submit">
            {t('accessLog.filter')}
          </Button>
        </div>
      </form>
      <QueryState query={log} isEmpty={(page) => page.items.length === 0} empty={t('accessLog.empty')}>
        {(page) => (
          <>
            <table className="table table-sm">
              <caption className="visually-hidden">{t('accessLog.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accessLog.at')}</th>
                  <th scope="col">{t('accessLog.subject')}</th>
                  <th scope="col">{t('accessLog.roles')}</th>
                  <th scope="col">{t('field.caseref')}</th>
                  <th scope="col">{t('accessLog.purpose')}</th>
                  <th scope="col">{t('accessLog.route')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((entry, index) => (
                  <tr key={`${entry.at}-${index}`}>
                    <td>{format.dateTime(entry.at)}</td>
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
