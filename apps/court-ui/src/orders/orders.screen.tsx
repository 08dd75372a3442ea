import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, unwrap, usePageTitle, useLastLooked } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { MANDATE_STATES, type MandateState } from '../api/types';
import { Desk } from '../shared/desk';
import { When } from '../shared/format';
import { WorklistFilter, type WorklistFilterValue } from '../shared/worklist-filter';

const LIMIT = 20;

export function OrdersScreen() {
  return (
    <Desk readOperation="OrdersController_list">
      <Orders />
    </Desk>
  );
}

function Orders() {
  const { t } = useTranslation();
  usePageTitle(t('orders.title'));
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState<WorklistFilterValue>({ state: '', overdue: false });
  const isNew = useLastLooked('court', 'orders');
  const orders = useQuery({
    queryKey: ['orders', filter, offset],
    queryFn: () =>
      unwrap(
        api.GET('/orders', {
          params: {
            query: { limit: LIMIT, offset, mandateState: (filter.state || undefined) as MandateState | undefined, overdue: filter.overdue || undefined },
          },
        }),
      ),
  });
  return (
    <>
      <h1 className="h2">{t('orders.title')}</h1>
      <p>{t('orders.intro')}</p>
      <WorklistFilter
        states={MANDATE_STATES}
        scope="mandateState"
        stateLabel={t('order.mandateState')}
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <QueryState query={orders} isEmpty={(page) => page.items.length === 0} empty={t('orders.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('orders.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.caseref')}</th>
                  <th scope="col">{t('common.docket')}</th>
                  <th scope="col">{t('order.order')}</th>
                  <th scope="col">{t('order.issuedAt')}</th>
                  <th scope="col">{t('order.mandateState')}</th>
                  <th scope="col">{t('order.acknowledgeBy')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((order) => (
                  <tr key={order.id}>
                    <td>
                      <Link to="/orders/$id" params={{ id: order.id }}>
                        {order.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(order.updatedAt)} />
                    </td>
                    <td>{order.docket ?? '—'}</td>
                    <td>{t(`outcome.${order.order}`)}</td>
                    <td>
                      <When at={order.issuedAt} dateOnly />
                    </td>
                    <td>{t(`mandateState.${order.mandateState}`)}</td>
                    <td>{order.mandateState === 'awaiting_acknowledgement' ? <DeadlineBadge dueAt={order.acknowledgeBy} overdue={order.overdue} /> : '—'}</td>
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
