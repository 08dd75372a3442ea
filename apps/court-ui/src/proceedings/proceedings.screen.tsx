import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, unwrap, usePageTitle, useLastLooked } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { LOOP_STATES, type LoopState } from '../api/types';
import { Desk } from '../shared/desk';
import { PupilName } from '../shared/format';
import { StateBadge } from '../shared/state-badge';
import { WorklistFilter, type WorklistFilterValue } from '../shared/worklist-filter';

const LIMIT = 20;

export function ProceedingsScreen() {
  return (
    <Desk readOperation="ProceedingsController_list">
      <Proceedings />
    </Desk>
  );
}

function Proceedings() {
  const { t } = useTranslation();
  usePageTitle(t('proceedings.title'));
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState<WorklistFilterValue>({ state: '', overdue: false });
  const isNew = useLastLooked('court', 'proceedings');
  const proceedings = useQuery({
    queryKey: ['proceedings', filter, offset],
    queryFn: () =>
      unwrap(
        api.GET('/proceedings', {
          params: { query: { limit: LIMIT, offset, state: (filter.state || undefined) as LoopState | undefined, overdue: filter.overdue || undefined } },
        }),
      ),
  });
  return (
    <>
      <h1 className="h2">{t('proceedings.title')}</h1>
      <p>{t('proceedings.intro')}</p>
      <WorklistFilter
        states={LOOP_STATES}
        scope="proceedingState"
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <QueryState query={proceedings} isEmpty={(page) => page.items.length === 0} empty={t('proceedings.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('proceedings.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.caseref')}</th>
                  <th scope="col">{t('common.docket')}</th>
                  <th scope="col">{t('common.pupil')}</th>
                  <th scope="col">{t('common.grounds')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('proceedings.assignee')}</th>
                  <th scope="col">{t('proceedings.respondBy')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((proceeding) => (
                  <tr key={proceeding.id}>
                    <td>
                      <Link to="/proceedings/$id" params={{ id: proceeding.id }}>
                        {proceeding.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(proceeding.updatedAt)} />
                    </td>
                    <td>{proceeding.docket ?? '—'}</td>
                    <td>
                      <PupilName pupil={proceeding.pupil} erased={proceeding.erased} />
                    </td>
                    <td>{proceeding.grounds ? t(`grounds.${proceeding.grounds}`) : '—'}</td>
                    <td>
                      <StateBadge scope="proceedingState" state={proceeding.state} />
                    </td>
                    <td>{proceeding.assignee ?? '—'}</td>
                    <td>
                      {proceeding.state === 'requested' || proceeding.overdue ? (
                        <DeadlineBadge dueAt={proceeding.respondBy} overdue={proceeding.overdue} />
                      ) : (
                        '—'
                      )}
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
