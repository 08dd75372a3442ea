import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, SelectField, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useFormat } from '../shared/format';
import { asPupil, asResidence, asSchool } from '../shared/shapes';

const LIMIT = 20;
type Status = 'pending' | 'completed' | '';
type Overdue = 'true' | 'false' | '';

/** The officers' worklist: the requests the municipality sent, oldest first. */
export function VerificationsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('verifications.title'));
  const [status, setStatus] = useState<Status>('pending');
  const [overdue, setOverdue] = useState<Overdue>('');
  const [offset, setOffset] = useState(0);
  const isNew = useLastLooked('police', 'verifications');
  const query = {
    limit: LIMIT,
    offset,
    ...(status ? { status } : {}),
    ...(overdue ? { overdue } : {}),
  };
  const list = useQuery({ queryKey: ['verifications', query], queryFn: () => unwrap(api.GET('/verifications', { params: { query } })) });
  return (
    <>
      <h1 className="h2">{t('verifications.title')}</h1>
      <p className="mb-4">{t('verifications.intro')}</p>
      <form className="row g-3" aria-label={t('verifications.filters')} onSubmit={(event) => event.preventDefault()}>
        <div className="col-md-4">
          <SelectField
            label={t('verifications.status')}
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as Status);
              setOffset(0);
            }}
            options={[
              { value: 'pending', label: t('verificationStatus.pending') },
              { value: 'completed', label: t('verificationStatus.completed') },
              { value: '', label: t('filter.all') },
            ]}
          />
        </div>
        <div className="col-md-4">
          <SelectField
            label={t('verifications.deadline')}
            value={overdue}
            onChange={(event) => {
              setOverdue(event.target.value as Overdue);
              setOffset(0);
            }}
            options={[
              { value: '', label: t('filter.all') },
              { value: 'true', label: t('verifications.overdueOnly') },
              { value: 'false', label: t('verifications.notOverdue') },
            ]}
          />
        </div>
      </form>
      {/* New requests arrive while the list is open: asking again is one click. */}
      <Button color="primary" outline size="sm" className="mb-3" disabled={list.isFetching} onClick={() => void list.refetch()}>
        {t('list.refresh')}
      </Button>
      <QueryState query={list} isEmpty={(page) => page.items.length === 0} empty={t('verifications.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('verifications.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.caseref')}</th>
                  <th scope="col">{t('field.pupil')}</th>
                  <th scope="col">{t('field.residence')}</th>
                  <th scope="col">{t('field.school')}</th>
                  <th scope="col">{t('verifications.requestedAt')}</th>
                  <th scope="col">{t('verifications.state')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => {
                  const pupil = asPupil(item.pupil);
                  const residence = asResidence(item.residence);
                  return (
                    <tr key={item.id}>
                      <td>
                        <Link to="/verifications/$id" params={{ id: item.id }}>
                          {item.caseref}
                        </Link>{' '}
                        <NewBadge show={isNew(item.requestedAt)} />
                      </td>
                      <td>{pupil ? `${pupil.lastName} ${pupil.firstName}` : t('erased')}</td>
                      <td>{residence ? `${residence.address}, ${residence.city}` : '—'}</td>
                      <td>{asSchool(item.school)?.name ?? '—'}</td>
                      <td>{format.date(item.requestedAt)}</td>
                      <td>
                        {item.outcome ? t(`outcome.${item.outcome}`) : t(`verificationStatus.${item.status}`)} <DeadlineBadge overdue={item.overdue} />
                      </td>
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
