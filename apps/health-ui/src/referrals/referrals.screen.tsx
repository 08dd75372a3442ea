import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle, useSessionState } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useFormat } from '../shared/format';
import { asPupil, asSchool, asText } from '../shared/shapes';
import { HEALTH_CONCERNS, type HealthConcern, REFERRAL_STATES, type ReferralState } from './codes';

const LIMIT = 20;

/** The ATS worklist: referrals from the municipality, the soonest answer due first. */
export function ReferralsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('referrals.title'));
  const session = useSessionState();
  const me = session.status === 'signed-in' ? session.session.subject : '';
  const [state, setState] = useState('');
  const [concern, setConcern] = useState('');
  const [overdue, setOverdue] = useState('');
  const [mine, setMine] = useState('');
  const [sort, setSort] = useState<'respondBy' | 'receivedAt'>('respondBy');
  const [offset, setOffset] = useState(0);
  const isNew = useLastLooked('health', 'referrals');
  const query = {
    limit: LIMIT,
    offset,
    sort,
    order: sort === 'receivedAt' ? ('desc' as const) : ('asc' as const),
    ...(state ? { state: state as ReferralState } : {}),
    ...(concern ? { concern: concern as HealthConcern } : {}),
    ...(overdue === 'true' || overdue === 'false' ? { overdue: overdue as 'true' | 'false' } : {}),
    ...(mine && me ? { assignee: me } : {}),
  };
  const list = useQuery({ queryKey: ['referrals', query], queryFn: () => unwrap(api.GET('/referrals', { params: { query } })) });
  const filter = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    setOffset(0);
  };
  return (
    <>
      <h1 className="h2">{t('referrals.title')}</h1>
      <p className="mb-4">{t('referrals.intro')}</p>
      <form className="row g-3" aria-label={t('referrals.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="col-md-4 col-lg-2">
          <SelectField
            label={t('field.state')}
            value={state}
            onChange={filter(setState)}
            placeholder={t('filter.all')}
            options={REFERRAL_STATES.map((value) => ({ value, label: t(`referralState.${value}`) }))}
          />
        </div>
        <div className="col-md-4 col-lg-3">
          <SelectField
            label={t('field.concern')}
            value={concern}
            onChange={filter(setConcern)}
            placeholder={t('filter.all')}
            options={HEALTH_CONCERNS.map((value) => ({ value, label: t(`concern.${value}`) }))}
          />
        </div>
        <div className="col-md-4 col-lg-2">
          <SelectField
            label={t('referrals.deadline')}
            value={overdue}
            onChange={filter(setOverdue)}
            placeholder={t('filter.all')}
            options={[
              { value: 'true', label: t('referrals.overdueOnly') },
              { value: 'false', label: t('referrals.notOverdue') },
            ]}
          />
        </div>
        <div className="col-md-6 col-lg-2">
          <SelectField
            label={t('field.assignee')}
            value={mine}
            onChange={filter(setMine)}
            placeholder={t('filter.everyone')}
            options={[{ value: 'me', label: t('referrals.mine') }]}
          />
        </div>
        <div className="col-md-6 col-lg-3">
          <SelectField
            label={t('referrals.sort')}
            value={sort}
            onChange={filter((value) => setSort(value === 'receivedAt' ? 'receivedAt' : 'respondBy'))}
            options={[
              { value: 'respondBy', label: t('referrals.byRespondBy') },
              { value: 'receivedAt', label: t('referrals.byReceivedAt') },
            ]}
          />
        </div>
      </form>
      {/* New requests arrive while the list is open: asking again is one click. */}
      <Button color="primary" outline size="sm" className="mb-3" disabled={list.isFetching} onClick={() => void list.refetch()}>
        {t('list.refresh')}
      </Button>
      <QueryState query={list} isEmpty={(page) => page.items.length === 0} empty={t('referrals.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('referrals.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.caseref')}</th>
                  <th scope="col">{t('field.pupil')}</th>
                  <th scope="col">{t('field.concern')}</th>
                  <th scope="col">{t('field.school')}</th>
                  <th scope="col">{t('field.state')}</th>
                  <th scope="col">{t('field.respondBy')}</th>
                  <th scope="col">{t('field.assignee')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => {
                  const pupil = asPupil(item.pupil);
                  return (
                    <tr key={item.id}>
                      <td>
                        <Link to="/referrals/$id" params={{ id: item.id }}>
                          {item.caseref}
                        </Link>{' '}
                        <NewBadge show={isNew(item.receivedAt)} />
                      </td>
                      <td>{pupil ? `${pupil.lastName} ${pupil.firstName}` : t('erased')}</td>
                      <td>{item.concern ? t(`concern.${item.concern}`) : '—'}</td>
                      <td>{asSchool(item.school)?.name ?? '—'}</td>
                      <td>{t(`referralState.${item.state}`)}</td>
                      <td>
                        {item.state === 'requested' || item.overdue ? (
                          <DeadlineBadge dueAt={item.respondBy} overdue={item.overdue} />
                        ) : (
                          format.date(item.respondBy)
                        )}
                      </td>
                      <td>{asText(item.assignee) ?? t('referrals.unassigned')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
