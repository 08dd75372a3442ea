import { useQuery } from '@tanstack/react-query';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CaseLink } from '../shared/case-link';
import { REFERRAL_STATES } from '../shared/enums';
import { useDate, useLabel, useOptions } from '../shared/labels';
import { InvestigationActions } from './investigation.actions';

const LIMIT = 20;

/** The court's requests for a psychosocial investigation, soonest report first. */
export function InvestigationsScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const options = useOptions();
  const date = useDate();
  usePageTitle(t('investigations.title'));
  const isNew = useLastLooked('municipality', 'investigations');
  const [f, setF] = useState({ state: '', open: '', overdue: '' });
  const [offset, setOffset] = useState(0);
  const query = {
    limit: LIMIT,
    offset,
    ...(f.state ? { state: f.state as (typeof REFERRAL_STATES)[number] } : {}),
    ...(f.open ? { open: f.open as 'true' | 'false' } : {}),
    ...(f.overdue ? { overdue: f.overdue as 'true' | 'false' } : {}),
  };
  const investigations = useQuery({ queryKey: ['investigations', query], queryFn: () => unwrap(api.GET('/investigations', { params: { query } })) });
  const set = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch });
    setOffset(0);
  };
  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];
  return (
    <>
      <h1 className="h2">{t('investigations.title')}</h1>
      <form className="row g-3" aria-label={t('investigations.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-4">
          <SelectField
            label={t('investigations.state')}
            value={f.state}
            placeholder={t('common.all')}
            options={options('referralState', REFERRAL_STATES)}
            onChange={(e) => set({ state: e.target.value })}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('investigations.open')}
            value={f.open}
            placeholder={t('common.all')}
            options={yesNo}
            onChange={(e) => set({ open: e.target.value })}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('investigations.overdue')}
            value={f.overdue}
            placeholder={t('common.all')}
            options={yesNo}
            onChange={(e) => set({ overdue: e.target.value })}
          />
        </div>
      </form>
      <QueryState query={investigations} isEmpty={(page) => page.items.length === 0} empty={t('investigations.empty')}>
        {(page) => (
          <>
            {page.items.map((i) => (
              <article key={i.investigationId} className="border rounded p-3 mb-3" aria-label={t('investigations.item', { caseref: i.caseref })}>
                <h2 className="h5">
                  <CaseLink caseref={i.caseref} /> <NewBadge show={isNew(i.requestedAt)} />{' '}
                  <DeadlineBadge dueAt={i.reportSent ? null : i.reportBy} overdue={i.overdue} />
                </h2>
                <p className="mb-1">
                  {t('web.state')}: {label('referralState', i.state)} · {t('investigations.requestedAt', { date: date(i.requestedAt) })}
                </p>
                {i.questions ? <p>{t('investigation.questions', { questions: i.questions })}</p> : null}
                <InvestigationActions investigation={i} />
              </article>
            ))}
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
