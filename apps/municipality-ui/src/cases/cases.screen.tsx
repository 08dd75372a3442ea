import { useQuery } from '@tanstack/react-query';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, TextField, unwrap, useLastLooked, usePageTitle, useSessionState } from '@casenet/ui';
import { Link, useNavigate } from '@tanstack/react-router';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { read, type School, text } from '../api/types';
import { CARE_LEVELS, CASE_STATES, KINDS, WAYS_IN } from '../shared/enums';
import { useDate, useLabel, useOptions } from '../shared/labels';

const LIMIT = 20;

interface Filters {
  state: string;
  kind: string;
  careLevel: string;
  wayIn: string;
  municipio: string;
  overdue: '' | 'true' | 'false';
  sort: (typeof SORTS)[number];
  mine: boolean;
}
const SORTS = ['opened', '-opened', 'updated', '-updated'] as const;
const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  opened: 'sortOpened',
  '-opened': 'sortOpenedDesc',
  updated: 'sortUpdated',
  '-updated': 'sortUpdatedDesc',
};
const MUNICIPI = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const NO_FILTERS: Filters = { state: '', kind: '', careLevel: '', wayIn: '', municipio: '', overdue: '', sort: 'opened', mine: false };

/** Every case of the unit, filtered and ordered the ways the API filters and orders. */
export function CasesScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const options = useOptions();
  const date = useDate();
  usePageTitle(t('cases.title'));
  const session = useSessionState();
  const me = session.status === 'signed-in' ? session.session.subject : undefined;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const isNew = useLastLooked('municipality', 'cases');
  const query = {
    limit: LIMIT,
    offset,
    ...(filters.state ? { state: filters.state as (typeof CASE_STATES)[number] } : {}),
    ...(filters.kind ? { kind: filters.kind as (typeof KINDS)[number] } : {}),
    ...(filters.careLevel ? { careLevel: filters.careLevel as (typeof CARE_LEVELS)[number] } : {}),
    ...(filters.wayIn ? { wayIn: filters.wayIn as (typeof WAYS_IN)[number] } : {}),
    ...(filters.municipio ? { municipio: Number(filters.municipio) } : {}),
    ...(filters.overdue ? { overdue: filters.overdue } : {}),
    ...(filters.mine && me ? { assignee: me } : {}),
    sort: filters.sort,
  };
  const cases = useQuery({ queryKey: ['cases', query], queryFn: () => unwrap(api.GET('/cases', { params: { query } })) });
  const set = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setOffset(0);
  };
  return (
    <>
      <h1 className="h2">{t('cases.title')}</h1>
      <OpenByCaseref />
      <form className="row g-3 align-items-end" aria-label={t('cases.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="col-md-3">
          <SelectField
            label={t('cases.filterState')}
            value={filters.state}
            placeholder={t('common.all')}
            options={options('caseState', CASE_STATES)}
            onChange={(e) => set({ state: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('cases.filterKind')}
            value={filters.kind}
            placeholder={t('common.all')}
            options={options('kind', KINDS)}
            onChange={(e) => set({ kind: e.target.value })}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            label={t('cases.filterCareLevel')}
            value={filters.careLevel}
            placeholder={t('common.all')}
            options={options('careLevel', CARE_LEVELS)}
            onChange={(e) => set({ careLevel: e.target.value })}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            label={t('cases.filterWayIn')}
            value={filters.wayIn}
            placeholder={t('common.all')}
            options={options('wayIn', WAYS_IN)}
            onChange={(e) => set({ wayIn: e.target.value })}
          />
        </div>
        <div className="col-md-2">
          <SelectField
            label={t('cases.filterMunicipio')}
            value={filters.municipio}
            placeholder={t('common.all')}
            options={MUNICIPI.map((n) => ({ value: n, label: t('cases.municipio', { n }) }))}
            onChange={(e) => set({ municipio: e.target.value })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('cases.filterOverdue')}
            value={filters.overdue}
            placeholder={t('common.all')}
            options={[
              { value: 'true', label: t('cases.overdueOnly') },
              { value: 'false', label: t('cases.inTime') },
            ]}
            onChange={(e) => set({ overdue: e.target.value as Filters['overdue'] })}
          />
        </div>
        <div className="col-md-3">
          <SelectField
            label={t('cases.sort')}
            value={filters.sort}
            options={SORTS.map((value) => ({ value, label: t(`cases.${SORT_LABELS[value]}`) }))}
            onChange={(e) => set({ sort: e.target.value as Filters['sort'] })}
          />
        </div>
        <div className="col-md-2 mb-3">
          <div className="form-check">
            <input id="cases-mine" type="checkbox" className="form-check-input" checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} />
            <label htmlFor="cases-mine" className="form-check-label">
              {t('cases.mine')}
            </label>
          </div>
        </div>
      </form>
      <p className="small text-secondary">{t('cases.order')}</p>
      <QueryState query={cases} isEmpty={(page) => page.items.length === 0} empty={t('cases.empty')}>
        {(page) => (
          <>
            <table className="table align-middle">
              <caption className="visually-hidden">{t('cases.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.caseref')}</th>
                  <th scope="col">{t('case.state')}</th>
                  <th scope="col">{t('case.kinds')}</th>
                  <th scope="col">{t('case.careLevel')}</th>
                  <th scope="col">{t('case.wayIn')}</th>
                  <th scope="col">{t('case.school')}</th>
                  <th scope="col">{t('case.assignee')}</th>
                  <th scope="col">{t('case.openedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={item.caseref}>
                    <td>
                      <Link to="/cases/$caseref" params={{ caseref: item.caseref }} className="font-monospace small text-nowrap">
                        {item.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(item.openedAt)} /> <DeadlineBadge overdue={item.overdue} />
                    </td>
                    <td>{label('caseState', item.state)}</td>
                    <td>{item.kinds.map((kind) => label('kind', kind)).join(', ') || '—'}</td>
                    <td>{label('careLevel', item.careLevel)}</td>
                    <td>{label('wayIn', item.wayIn)}</td>
                    <td>{read<School>(item.school)?.name ?? '—'}</td>
                    <td>{text(item.assignee) ?? t('case.unassigned')}</td>
                    <td>{date(item.openedAt)}</td>
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

/** A caseref from a phone call or a letter opens its case directly, whichever page it is on. */
function OpenByCaseref() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [caseref, setCaseref] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = caseref.trim().toUpperCase();
    if (wanted) void navigate({ to: '/cases/$caseref', params: { caseref: wanted } });
  }
  return (
    <form noValidate className="row g-2 align-items-end mb-3" onSubmit={submit} aria-label={t('cases.openTitle')}>
      <div className="col-md-6">
        <TextField label={t('cases.openCaseref')} name="caseref" value={caseref} onChange={(e) => setCaseref(e.target.value)} autoComplete="off" />
      </div>
      <div className="col-md-2 mb-3">
        <Button color="primary" outline type="submit">
          {t('cases.open')}
        </Button>
      </div>
    </form>
  );
}
