import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Deadlines } from '../shared/deadlines';
import { Desk } from '../shared/desk';
import { Facts, When } from '../shared/format';

export function OrderScreen({ id }: { id: string }) {
  return (
    <Desk readOperation="OrdersController_get">
      <OrderFile id={id} />
    </Desk>
  );
}

function OrderFile({ id }: { id: string }) {
  const { t } = useTranslation();
  usePageTitle(t('order.title'));
  const order = useQuery({ queryKey: ['order', id], queryFn: () => unwrap(api.GET('/orders/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link to="/orders">{t('order.back')}</Link>
      </p>
      <h1 className="h2">{t('order.title')}</h1>
      <QueryState query={order}>
        {(data) => (
          <>
            <h2 className="h4">
              {data.docket ?? data.caseref} · {t(`outcome.${data.order}`)} {data.overdue ? <DeadlineBadge overdue /> : null}
            </h2>
            <p>
              <Link to="/proceedings/$id" params={{ id: data.proceedingId }}>
                {t('order.toProceeding')}
              </Link>
            </p>
            <Facts
              rows={[
                [t('common.caseref'), data.caseref],
                [t('common.docket'), data.docket],
                [t('order.issuedAt'), <When key="i" at={data.issuedAt} />],
                [t('order.mandateState'), t(`mandateState.${data.mandateState}`)],
                [t('order.acknowledgeBy'), data.mandateState === 'not_applicable' ? null : <When key="a" at={data.acknowledgeBy} dateOnly />],
              ]}
            />
            <h3 className="h5">{t('order.operativePart')}</h3>
            <p>{data.operativePart ?? t('order.noOperativePart')}</p>
            <h3 className="h5">{t('order.lastReport')}</h3>
            <p>{data.lastReport ?? t('order.noReport')}</p>
            <Deadlines deadlines={data.deadlines} />
          </>
        )}
      </QueryState>
    </>
  );
}
