import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { NewBadge, PagerNav, QueryState, SelectField, TextField, unwrap, useCan, useLastLooked, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useFormat } from '../shared/format';
import { DRUG_EVENT_KINDS, type DrugEventKind, MUNICIPI } from './drug-event-kinds';

const LIMIT = 20;

/** A day the officer picks, as the instant it starts in the browser's zone (Milan's), `days` later. */
function startOfDay(date: string, days = 0): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year!, month! - 1, day! + days).toISOString();
}

/** The drug events police recorded, newest first. */
export function DrugEventsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  usePageTitle(t('drugEvents.title'));
  const [kind, setKind] = useState('');
  const [municipio, setMunicipio] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sort, setSort] = useState<'occurredAt' | 'recordedAt'>('occurredAt');
  const [offset, setOffset] = useState(0);
  const isNew = useLastLooked('police', 'drug-events');
  const query = {
    limit: LIMIT,
    offset,
    ...(kind ? { kind: kind as DrugEventKind } : {}),
    sort,
    ...(municipio ? { municipio: Number(municipio) } : {}),
    ...(from ? { from: startOfDay(from) } : {}),
    ...(to ? { to: startOfDay(to, 1) } : {}),
  };
  const list = useQuery({ queryKey: ['drug-events', query], queryFn: () => unwrap(api.GET('/drug-events', { params: { query } })) });
  return (
    <>
      <h1 className="h2">{t('drugEvents.title')}</h1>
      {can('DrugEventsController_record') ? (
        <p className="mb-4">
          <Link to="/drug-events/new" className="btn btn-primary">
            {t('drugEvents.record')}
          </Link>
        </p>
      ) : null}
      <form className="row g-3" aria-label={t('drugEvents.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="col-md-4">
          <SelectField
            label={t('field.kind')}
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
              setOffset(0);
            }}
            placeholder={t('filter.all')}
            options={DRUG_EVENT_KINDS.map((value) => ({ value, label: t(`drugKind.${value}`) }))}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('field.municipio')}
            value={municipio}
            onChange={(event) => {
              setMunicipio(event.target.value);
              setOffset(0);
            }}
            placeholder={t('filter.all')}
            options={MUNICIPI.map((n) => ({ value: String(n), label: t('municipio', { n }) }))}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('drugEvents.sort')}
            value={sort}
            onChange={(event) => {
              setSort(event.target.value === 'recordedAt' ? 'recordedAt' : 'occurredAt');
              setOffset(0);
            }}
            options={[
              { value: 'occurredAt', label: t('drugEvents.byOccurredAt') },
              { value: 'recordedAt', label: t('drugEvents.byRecordedAt') },
            ]}
          />
        </div>
        <div className="col-md-4">
          <TextField
            label={t('drugEvents.from')}
            type="date"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
              setOffset(0);
            }}
          />
        </div>
        <div className="col-md-4">
          <TextField
            label={t('drugEvents.to')}
            type="date"
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
              setOffset(0);
            }}
          />
        </div>
      </form>
      {/* New requests arrive while the list is open: asking again is one click. */}
      <Button color="primary" outline size="sm" className="mb-3" disabled={list.isFetching} onClick={() => void list.refetch()}>
        {t('list.refresh')}
      </Button>
      <QueryState query={list} isEmpty={(page) => page.items.length === 0} empty={t('drugEvents.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('drugEvents.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.caseref')}</th>
                  <th scope="col">{t('field.pupil')}</th>
                  <th scope="col">{t('field.kind')}</th>
                  <th scope="col">{t('field.occurredAt')}</th>
                  <th scope="col">{t('field.municipio')}</th>
                  <th scope="col">{t('field.recordedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((event) => (
                  <tr key={event.id}>
                    <td>
                      <Link to="/drug-events/$id" params={{ id: event.id }}>
                        {event.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(event.recordedAt)} />
                    </td>
                    <td>{event.pupil ? `${event.pupil.lastName} ${event.pupil.firstName}` : t('erased')}</td>
                    <td>{event.kind ? t(`drugKind.${event.kind}`) : '—'}</td>
                    <td>{format.dateTime(event.occurredAt)}</td>
                    <td>{event.municipio ? t('municipio', { n: event.municipio }) : '—'}</td>
                    <td>{event.recordedBy}</td>
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
