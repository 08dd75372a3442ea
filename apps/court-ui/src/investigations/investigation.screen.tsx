import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Deadlines } from '../shared/deadlines';
import { Desk } from '../shared/desk';
import { Facts, When } from '../shared/format';
import { StateBadge } from '../shared/state-badge';

export function InvestigationScreen({ id }: { id: string }) {
  return (
    <Desk readOperation="InvestigationsController_get">
      <InvestigationFile id={id} />
    </Desk>
  );
}

function InvestigationFile({ id }: { id: string }) {
  const { t } = useTranslation();
  usePageTitle(t('investigation.title'));
  const investigation = useQuery({ queryKey: ['investigation', id], queryFn: () => unwrap(api.GET('/investigations/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link to="/investigations">{t('investigation.back')}</Link>
      </p>
      <h1 className="h2">{t('investigation.title')}</h1>
      <QueryState query={investigation}>
        {(data) => (
          <>
            <h2 className="h4">
              {data.docket ?? data.caseref} <StateBadge scope="investigationState" state={data.state} />{' '}
              {data.closedAt ? null : <DeadlineBadge dueAt={data.reportBy} overdue={data.overdue} />}
            </h2>
            <p>
              <Link to="/proceedings/$id" params={{ id: data.proceedingId }}>
                {t('investigation.toProceeding')}
              </Link>
            </p>
            <Facts
              rows={[
                [t('common.caseref'), data.caseref],
                [t('common.docket'), data.docket],
                [t('investigation.requestedBy'), data.requestedBy],
                [t('investigation.requestedAt'), <When key="r" at={data.requestedAt} />],
                [t('investigation.reportBy'), <When key="b" at={data.reportBy} dateOnly />],
                [t('common.closedAt'), data.closedAt ? <When key="c" at={data.closedAt} /> : null],
              ]}
            />
            <h3 className="h5">{t('investigation.questions')}</h3>
            <p>{data.questions ?? t('common.erased')}</p>
            <h3 className="h5">{t('investigation.report')}</h3>
            <p>{data.report ?? t('investigation.noReport')}</p>
            <Deadlines deadlines={data.deadlines} />
          </>
        )}
      </QueryState>
    </>
  );
}
