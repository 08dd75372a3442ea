import { useQuery } from '@tanstack/react-query';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CaseLink } from '../shared/case-link';
import { REFERRAL_AGENCIES, REFERRAL_STATES } from '../shared/enums';
import { useDate, useLabel, useOptions } from '../shared/labels';

const LIMIT = 20;

/** Every referral the unit raised (police verifications, ATS, prosecutor/court): filter, sort, page. */
export function ReferralsScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const options = useOptions();
  const date = useDate();
  usePageTitle(t('referrals.title'));
  const isNew = useLastLooked('municipality', 'referrals');
  const [f, setF] = useState({ agency: '', state: '', overdue: '', sort: 'requestedAt', order: 'asc' });
  const [offset, setOffset] = useState(0);
  const query = {
    limit: LIMIT,
    offset,
    sort: f.sort as 'requestedAt' | 'updatedAt',
    order: f.order as 'asc' | 'desc',
    ...(f.agency ? { agency: f.agency as (typeof REFERRAL_AGENCIES)[number] } : {}),
    ...(f.state ? { state: f.state as (typeof REFERRAL_STATES)[number] } : {}),
    ...(f.overdue ? { overdue: f.overdue as 'true' | 'false' } : {}),
  };
  const referrals = useQuery({ queryKey: ['referrals', query], queryFn: () => unwrap(api.GET('/referrals', { params: { query } })) });
  const set = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch });
    setOffset(0);
  };
  return (
    <>
      <h1 className="h2">{t('referrals.title')}</h1>
      <form className="row g-3" aria-label={t('referrals.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-2">
          <SelectField
            label={t('referrals.agency')}
            value={f.agency}
            placeholder={t('common.all')}
            options={options('agency', REFERRAL_AGENCIES)}
            onChange={(e) => set({ agency: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('referrals.state')}
            value={f.state}
            placeholder={t('common.all')}
            options={options('referralState', REFERRAL_STATES)}
            onChange={(e) => set({ state: e.target.value })}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            label={t('referrals.overdue')}
            value={f.overdue}
            placeholder={t('common.all')}
            options={[
              { value: 'true', label: t('referrals.overdueOnly') },
              { value: 'false', label: t('referrals.onTime') },
            ]}
            onChange={(e) => set({ overdue: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('referrals.sort')}
            value={f.sort}
            options={[
              { value: 'requestedAt', label: t('referrals.byRequested') },
              { value: 'updatedAt', label: t('referrals.byUpdated') },
            ]}
            onChange={(e) => set({ sort: e.target.value })}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            label={t('referrals.order')}
            value={f.order}
            options={[
              { value: 'asc', label: t('referrals.asc') },
              { value: 'desc', label: t('referrals.desc') },
            ]}
            onChange={(e) => set({ order: e.target.value })}
          />
        </div>
      </form>
      <QueryState query={referrals} isEmpty={(page) => page.items.length === 0} empty={t('referrals.empty')}>
        {(page) => (
          <>
            <table className="table align-middle">
              <caption className="visually-hidden">{t('referrals.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.caseref')}</th>
                  <th scope="col">{t('referrals.agency')}</th>
                  <th scope="col">{t('web.reason')}</th>
                  <th scope="col">{t('referrals.state')}</th>
                  <th scope="col">{t('web.deadline')}</th>
                  <th scope="col">{t('referrals.requestedAt')}</th>
                  <th scope="col">{t('referrals.updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <tr key={r.referralId}>
                    <td>
                      <CaseLink caseref={r.caseref} /> <NewBadge show={isNew(r.updatedAt)} />
                    </td>
                    <td>{label('agency', r.agency)}</td>
                    <td>{label('reason', r.reason)}</td>
                    <td>
                      {label('referralState', r.state)}
                      {r.stage ? ` · ${label('stage', r.stage)}` : ''}
                    </td>
                    <td>
                      <DeadlineBadge dueAt={r.deadlines.find((d) => d.open)?.dueAt} overdue={r.overdue} />
                    </td>
                    <td>{date(r.requestedAt)}</td>
                    <td>{date(r.updatedAt)}</td>
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
