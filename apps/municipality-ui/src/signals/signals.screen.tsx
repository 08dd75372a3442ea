import { useQuery } from '@tanstack/react-query';
import { NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CaseLink } from '../shared/case-link';
import { SIGNAL_KINDS } from '../shared/enums';
import { useDate, useLabel, useOptions } from '../shared/labels';

const LIMIT = 20;
const MUNICIPI = [1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Polizia Locale's drug signals about pupils (administrative, not a criminal record), and the cases they match. */
export function SignalsScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const options = useOptions();
  const date = useDate();
  usePageTitle(t('signals.title'));
  const isNew = useLastLooked('municipality', 'signals');
  const [f, setF] = useState({ matched: '', kind: '', municipio: '', order: 'desc' });
  const [offset, setOffset] = useState(0);
  const query = {
    limit: LIMIT,
    offset,
    sort: 'receivedAt' as const,
    order: f.order as 'asc' | 'desc',
    ...(f.matched ? { matched: f.matched as 'true' | 'false' } : {}),
    ...(f.kind ? { kind: f.kind as (typeof SIGNAL_KINDS)[number] } : {}),
    ...(f.municipio ? { municipio: Number(f.municipio) } : {}),
  };
  const signals = useQuery({ queryKey: ['signals', query], queryFn: () => unwrap(api.GET('/signals', { params: { query } })) });
  const set = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch });
    setOffset(0);
  };
  return (
    <>
      <h1 className="h2">{t('signals.title')}</h1>
      <form className="row g-3" aria-label={t('signals.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="col-md-3">
          <SelectField
            label={t('signals.matched')}
            value={f.matched}
            placeholder={t('common.all')}
            options={[
              { value: 'true', label: t('signals.withCase') },
              { value: 'false', label: t('signals.withoutCase') },
            ]}
            onChange={(e) => set({ matched: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('signals.kind')}
            value={f.kind}
            placeholder={t('common.all')}
            options={options('signalKind', SIGNAL_KINDS)}
            onChange={(e) => set({ kind: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('signals.municipio')}
            value={f.municipio}
            placeholder={t('common.all')}
            options={MUNICIPI.map((n) => ({ value: String(n), label: `Municipio ${n}` }))}
            onChange={(e) => set({ municipio: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('referrals.order')}
            value={f.order}
            options={[
              { value: 'desc', label: t('signals.newest') },
              { value: 'asc', label: t('signals.oldest') },
            ]}
            onChange={(e) => set({ order: e.target.value })}
          />
        </div>
      </form>
      <QueryState query={signals} isEmpty={(page) => page.items.length === 0} empty={t('signals.empty')}>
        {(page) => (
          <>
            <table className="table align-middle">
              <caption className="visually-hidden">{t('signals.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('signals.kind')}</th>
                  <th scope="col">{t('signals.municipio')}</th>
                  <th scope="col">{t('signals.occurredAt')}</th>
                  <th scope="col">{t('signals.receivedAt')}</th>
                  <th scope="col">{t('signals.cases')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((s) => (
                  <tr key={s.incidentId}>
                    <td>
                      {s.erased ? t('case.erased') : label('signalKind', s.kind)} <NewBadge show={isNew(s.receivedAt)} />
                    </td>
                    <td>{s.municipio ?? '—'}</td>
                    <td>{date(s.occurredAt, true)}</td>
                    <td>{date(s.receivedAt, true)}</td>
                    <td>
                      {s.cases.length
                        ? s.cases.map((c) => (
                            <span key={c.caseref} className="d-block">
                              <CaseLink caseref={c.caseref} /> ({label('caseState', c.state)})
                            </span>
                          ))
                        : t('signals.noCase')}
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
