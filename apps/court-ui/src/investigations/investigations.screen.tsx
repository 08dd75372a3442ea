import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, unwrap, usePageTitle, useLastLooked } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { LOOP_STATES, type LoopState } from '../api/types';
import { Desk } from '../shared/desk';
import { When } from '../shared/format';
import { StateBadge } from '../shared/state-badge';
import { WorklistFilter, type WorklistFilterValue } from '../shared/worklist-filter';

const LIMIT = 20;
/** An ordered loop cannot be declined: social services carry out what the court orders. */
const INVESTIGATION_STATES = LOOP_STATES.filter((state) => state !== 'declined');

export function InvestigationsScreen() {
  return (
    <Desk readOperation="InvestigationsController_list">
      <Investigations />
    </Desk>
  );
}

function Investigations() {
  const { t } = useTranslation();
  usePageTitle(t('investigations.title'));
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState<WorklistFilterValue>({ state: '', overdue: false });
  const isNew = useLastLooked('court', 'investigations');
  const investigations = useQuery({
    queryKey: ['investigations', filter, offset],
    queryFn: () =>
      unwrap(
        api.GET('/investigations', {
          params: { query: { limit: LIMIT, offset, state: (filter.state || undefined) as LoopState | undefined, overdue: filter.overdue || undefined } },
        }),
      ),
  });
  return (
    <>
      <h1 className="h2">{t('investigations.title')}</h1>
      <p>{t('investigations.intro')}</p>
      <WorklistFilter
        states={INVESTIGATION_STATES}
        scope="investigationState"
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <QueryState query={investigations} isEmpty={(page) => page.items.length === 0} empty={t('investigations.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('investigations.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.caseref')}</th>
                  <th scope="col">{t('common.docket')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('investigation.requestedAt')}</th>
                  <th scope="col">{t('investigation.reportBy')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((investigation) => (
                  <tr key={investigation.id}>
                    <td>
                      <Link to="/investigations/$id" params={{ id: investigation.id }}>
                        {investigation.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(investigation.updatedAt)} />
                    </td>
                    <td>{investigation.docket ?? '—'}</td>
                    <td>
                      <StateBadge scope="investigationState" state={investigation.state} />
                    </td>
                    <td>
                      <When at={investigation.requestedAt} dateOnly />
                    </td>
                    <td>
                      {investigation.closedAt ? (
                        <When at={investigation.reportBy} dateOnly />
                      ) : (
                        <DeadlineBadge dueAt={investigation.reportBy} overdue={investigation.overdue} />
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
