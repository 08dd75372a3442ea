import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Proceeding } from '../api/types';
import { Deadlines } from '../shared/deadlines';
import { Desk } from '../shared/desk';
import { Facts, PupilName, pupilDetails, When } from '../shared/format';
import { History } from '../shared/history';
import { StateBadge } from '../shared/state-badge';
import { ProceedingActions } from './proceeding-actions';

export function ProceedingScreen({ id }: { id: string }) {
  return (
    <Desk readOperation="ProceedingsController_get">
      <ProceedingFile id={id} />
    </Desk>
  );
}

function ProceedingFile({ id }: { id: string }) {
  const { t } = useTranslation();
  usePageTitle(t('proceeding.title'));
  const [done, setDone] = useState('');
  const proceeding = useQuery({ queryKey: ['proceeding', id], queryFn: () => unwrap(api.GET('/proceedings/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link to="/proceedings">{t('proceeding.back')}</Link>
      </p>
      <h1 className="h2">{t('proceeding.title')}</h1>
      <p role="status" className={done ? 'alert alert-success' : 'visually-hidden'}>
        {done}
      </p>
      <QueryState query={proceeding}>
        {(data) => (
          <>
            <ProceedingFacts proceeding={data} />
            <ProceedingActions proceeding={data} onDone={setDone} />
            <InvestigationsOf proceeding={data} />
            <OrdersOf proceeding={data} />
            <History entries={data.history} />
          </>
        )}
      </QueryState>
    </>
  );
}

function ProceedingFacts({ proceeding }: { proceeding: Proceeding }) {
  const { t } = useTranslation();
  const pupil = pupilDetails(proceeding.pupil);
  const school = (proceeding.school ?? {}) as { name?: string; code?: string };
  return (
    <section aria-labelledby="proceeding-facts">
      <h2 id="proceeding-facts" className="h4">
        {proceeding.docket ?? proceeding.caseref} <StateBadge scope="proceedingState" state={proceeding.state} />{' '}
        {proceeding.overdue ? <DeadlineBadge overdue /> : null}
      </h2>
      <Facts
        rows={[
          [t('common.caseref'), proceeding.caseref],
          [t('common.docket'), proceeding.docket],
          [t('common.pupil'), <PupilName key="p" pupil={proceeding.pupil} erased={proceeding.erased} />],
          [t('common.taxCode'), pupil.taxCode],
          [t('common.birthDate'), pupil.birthDate],
          [t('common.grounds'), proceeding.grounds ? t(`grounds.${proceeding.grounds}`) : null],
          [t('common.school'), school.name ? `${school.name} (${school.code ?? ''})` : null],
          [
            t('common.verificationOutcome'),
            proceeding.verificationOutcome ? t(`verification.${proceeding.verificationOutcome}`, { defaultValue: proceeding.verificationOutcome }) : null,
          ],
          [t('common.programme'), proceeding.programme],
          [t('proceeding.petitionedAt'), proceeding.petitionedAt ? <When key="pa" at={proceeding.petitionedAt} /> : null],
          [t('proceedings.assignee'), proceeding.assignee],
          [t('common.outcome'), proceeding.outcome ? t(`outcome.${proceeding.outcome}`) : null],
          [t('common.closedAt'), proceeding.closedAt ? <When key="c" at={proceeding.closedAt} /> : null],
        ]}
      />
      {proceeding.notes ? (
        <>
          <h3 className="h5">{t('common.municipalityNotes')}</h3>
          <p>{proceeding.notes}</p>
        </>
      ) : null}
      {proceeding.judicialNote ? (
        <>
          <h3 className="h5">{t('proceeding.judicialNote')}</h3>
          <p>{proceeding.judicialNote}</p>
        </>
      ) : null}
    </section>
  );
}

function InvestigationsOf({ proceeding }: { proceeding: Proceeding }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="proceeding-investigations" className="mt-4">
      <h2 id="proceeding-investigations" className="h4">
        {t('investigations.title')}
      </h2>
      {proceeding.investigations.length === 0 ? (
        <p className="text-secondary">{t('proceeding.noInvestigations')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('investigation.requestedAt')}</th>
              <th scope="col">{t('common.state')}</th>
              <th scope="col">{t('investigation.reportBy')}</th>
              <th scope="col">{t('investigation.report')}</th>
            </tr>
          </thead>
          <tbody>
            {proceeding.investigations.map((investigation) => (
              <tr key={investigation.id}>
                <td>
                  <Link to="/investigations/$id" params={{ id: investigation.id }}>
                    <When at={investigation.requestedAt} />
                  </Link>
                </td>
                <td>
                  <StateBadge scope="investigationState" state={investigation.state} />
                </td>
                <td>
                  <DeadlineBadge dueAt={investigation.closedAt ? null : investigation.reportBy} overdue={investigation.overdue} />
                  {investigation.closedAt ? <When at={investigation.reportBy} dateOnly /> : null}
                </td>
                <td>{investigation.report ? t('investigation.reportReceived') : t('investigation.noReport')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OrdersOf({ proceeding }: { proceeding: Proceeding }) {
  const { t } = useTranslation();
  if (proceeding.orders.length === 0) return null;
  return (
    <section aria-labelledby="proceeding-orders" className="mt-4">
      <h2 id="proceeding-orders" className="h4">
        {t('orders.title')}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('order.issuedAt')}</th>
            <th scope="col">{t('order.order')}</th>
            <th scope="col">{t('order.mandateState')}</th>
          </tr>
        </thead>
        <tbody>
          {proceeding.orders.map((order) => (
            <tr key={order.id}>
              <td>
                <Link to="/orders/$id" params={{ id: order.id }}>
                  <When at={order.issuedAt} />
                </Link>
              </td>
              <td>{t(`outcome.${order.order}`)}</td>
              <td>
                {t(`mandateState.${order.mandateState}`)} {order.overdue ? <DeadlineBadge overdue /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Deadlines deadlines={proceeding.orders.flatMap((order) => order.deadlines)} />
    </section>
  );
}
