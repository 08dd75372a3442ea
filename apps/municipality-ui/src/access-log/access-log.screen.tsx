import { useQuery } from '@tanstack/react-query';
import { PagerNav, QueryState, TextField, unwrap, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useDate } from '../shared/labels';

const LIMIT = 50;

/** Who read which case, when and why: the unit's access log (supervisors and auditors). */
export function AccessLogScreen() {
  const { t } = useTranslation();
  const date = useDate();
  usePageTitle(t('accessLog.title'));
  const [draft, setDraft] = useState({ caseref: '', subject: '' });
  const [filters, setFilters] = useState(draft);
  const [offset, setOffset] = useState(0);
  const query = { limit: LIMIT, offset, ...(filters.caseref ? { caseref: filters.caseref } : {}), ...(filters.subject ? { subject: filters.subject } : {}) };
  const log = useQuery({ queryKey: ['access-log', query], queryFn: () => unwrap(api.GET('/access-log', { params: { query } })) });
  function submit(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
    setOffset(0);
  }
  return (
    <>
      <h1 className="h2">{t('accessLog.title')}</h1>
      <p>{t('accessLog.intro')}</p>
      <form noValidate className="row g-3 align-items-end" onSubmit={submit} aria-label={t('accessLog.filters')}>
        <div className="col-md-5">
          <TextField label={t('accessLog.caseref')} value={draft.caseref} onChange={(e) => setDraft({ ...draft, caseref: e.target.value.trim() })} />
        </div>
        <div className="col-md-5">
          <TextField label={t('accessLog.subject')} value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.target.value.trim() })} />
        </div>
        <div className="col-md-2 mb-3">
          <Button color="primary" type="submit">
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
                  <th scope="col">{t('accessLog.caseref')}</th>
                  <th scope="col">{t('accessLog.purpose')}</th>
                  <th scope="col">{t('accessLog.route')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((entry, index) => (
                  <tr key={`${entry.at}-${entry.caseref}-${index}`}>
                    <td>{date(entry.at, true)}</td>
                    <td className="font-monospace small">{entry.subject}</td>
                    <td>{entry.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
                    <td className="font-monospace small">{entry.caseref}</td>
                    <td>{entry.purpose}</td>
                    <td className="font-monospace small">{entry.route}</td>
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
