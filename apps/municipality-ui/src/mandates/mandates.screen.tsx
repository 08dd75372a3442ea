import { useQuery } from '@tanstack/react-query';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { text } from '../api/types';
import { CaseLink } from '../shared/case-link';
import { MANDATE_STATES } from '../shared/enums';
import { useDate, useLabel, useOptions } from '../shared/labels';
import { MandateActions } from './mandate.actions';

const LIMIT = 20;

/** The juvenile court's orders to the unit, soonest acknowledgement first, with what is owed on each. */
export function MandatesScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const options = useOptions();
  const date = useDate();
  usePageTitle(t('mandates.title'));
  const isNew = useLastLooked('municipality', 'mandates');
  const [f, setF] = useState({ state: '', open: '', overdue: '' });
  const [offset, setOffset] = useState(0);
  const query = {
    limit: LIMIT,
    offset,
    ...(f.state ? { state: f.state as (typeof MANDATE_STATES)[number] } : {}),
    ...(f.open ? { open: f.open as 'true' | 'false' } : {}),
    ...(f.overdue ? { overdue: f.overdue as 'true' | 'false' } : {}),
  };
  const mandates = useQuery({ queryKey: ['mandates', query], queryFn: () => unwrap(api.GET('/mandates', { params: { query } })) });
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
      <h1 className="h2">{t('mandates.title')}</h1>
      <form className="row g-3" aria-label={t('mandates.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-4">
          <SelectField
            label={t('mandates.state')}
            value={f.state}
            placeholder={t('common.all')}
            options={options('mandateState', MANDATE_STATES)}
            onChange={(e) => set({ state: e.target.value })}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('mandates.open')}
            value={f.open}
            placeholder={t('common.all')}
            options={yesNo}
            onChange={(e) => set({ open: e.target.value })}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('mandates.overdue')}
            value={f.overdue}
            placeholder={t('common.all')}
            options={yesNo}
            onChange={(e) => set({ overdue: e.target.value })}
          />
        </div>
      </form>
      <QueryState query={mandates} isEmpty={(page) => page.items.length === 0} empty={t('mandates.empty')}>
        {(page) => (
          <>
            {page.items.map((m) => (
              <article key={m.orderId} className="border rounded p-3 mb-3" aria-label={t('mandates.item', { caseref: m.caseref })}>
                <h2 className="h5">
                  {label('order', m.order)} · <CaseLink caseref={m.caseref} /> <NewBadge show={isNew(m.issuedAt)} />{' '}
                  <DeadlineBadge dueAt={m.state === 'awaiting_acknowledgement' ? m.acknowledgeBy : null} overdue={m.overdue} />
                </h2>
                <p className="mb-1">
                  {t('web.state')}: {label('mandateState', m.state)} · {t('mandates.issuedAt', { date: date(m.issuedAt) })}
                </p>
                {text(m.operativePart) ? <blockquote className="border-start ps-3">{text(m.operativePart)}</blockquote> : null}
                <MandateActions mandate={m} />
              </article>
            ))}
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
