import { useQuery } from '@tanstack/react-query';
import { DeadlineBadge, QueryState, StatusTimeline, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Link, useParams } from '@tanstack/react-router';
import { Button } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type CaseView, type HistoryEntry, type Pupil, read, type Residence, type School, text } from '../api/types';
import { CaseWebSection } from '../case-web/case-web.section';
import { InvestigationActions } from '../investigations/investigation.actions';
import { MandateActions } from '../mandates/mandate.actions';
import { NewReferralForm } from '../referrals/new-referral.form';
import { WithdrawForm } from '../referrals/withdraw.form';
import { CLOSE_FROM, RETURN_TO_CLASS_FROM, TAKE_IN_CHARGE_FROM, WITHDRAWABLE } from '../shared/enums';
import { useDate, useLabel } from '../shared/labels';
import { AssignmentForm } from './assignment.form';
import { CloseCaseForm, ReturnedToClassAction } from './case-end.forms';
import { TakeInChargeForm } from './take-in-charge.form';

/** One case: who the child is, the web of referrals as a picture, and what the unit can do now. */
export function CaseScreen() {
  const { t } = useTranslation();
  usePageTitle(t('case.title'));
  const { caseref } = useParams({ from: '/cases/$caseref' });
  const view = useQuery({ queryKey: ['case', caseref], queryFn: () => unwrap(api.GET('/cases/{caseref}', { params: { path: { caseref } } })) });
  return (
    <>
      <p>
        <Link to="/cases">{t('case.back')}</Link>
      </p>
      <h1 className="h2">
        {t('case.title')} <span className="font-monospace fs-5">{caseref}</span>
      </h1>
      {/* Other agencies answer over Kafka: the caseworker asks for the latest when they expect news. */}
      <Button color="primary" outline size="sm" className="mb-3" disabled={view.isFetching} onClick={() => void view.refetch()}>
        {t('case.refresh')}
      </Button>
      <QueryState query={view}>{(data) => <CaseBody view={data} />}</QueryState>
    </>
  );
}

function CaseBody({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const date = useDate();
  const referred = (view.referrals ?? []).some((r) => r.agency !== 'police');
  const actions = {
    take: TAKE_IN_CHARGE_FROM.includes(view.state) && can('CasesController_takeInCharge'),
    returned: RETURN_TO_CLASS_FROM.includes(view.state) && can('CasesController_returnedToClass'),
    close: (CLOSE_FROM.includes(view.state) || (view.state === 'screening' && referred)) && can('CasesController_close'),
    refer: view.state !== 'closed' && !view.erased && can('ReferralsController_refer'),
    assign: view.state !== 'closed' && can('CasesController_assign'),
  };
  const history = (view.history ?? []).map((entry) => read<HistoryEntry>(entry)).filter((entry): entry is HistoryEntry => entry !== null);
  return (
    <>
      <CaseSummary view={view} />
      <CaseWebSection view={view} />
      {Object.values(actions).some(Boolean) ? (
        <section aria-labelledby="actions-title" className="my-4">
          <h2 id="actions-title" className="h4">
            {t('case.actions')}
          </h2>
          {actions.take ? <TakeInChargeForm view={view} /> : null}
          {actions.returned ? <ReturnedToClassAction view={view} /> : null}
          {actions.refer ? <NewReferralForm view={view} /> : null}
          {actions.close ? <CloseCaseForm view={view} /> : null}
          {actions.assign ? <AssignmentForm view={view} /> : null}
        </section>
      ) : null}
      <section aria-labelledby="referrals-title" className="my-4">
        <h2 id="referrals-title" className="h4">
          {t('case.referrals')}
        </h2>
        {(view.referrals ?? []).length === 0 ? <p className="text-secondary">{t('case.noReferrals')}</p> : null}
        {(view.referrals ?? []).map((r) => (
          <article key={r.referralId} className="border rounded p-3 mb-3" aria-label={label('agency', r.agency)}>
            <h3 className="h5">
              {label('agency', r.agency)} <DeadlineBadge dueAt={r.deadlines.find((d) => d.open)?.dueAt} overdue={r.overdue} />
            </h3>
            <p className="mb-1">
              {t('web.state')}: {label('referralState', r.state)}
              {r.stage ? ` · ${label('stage', r.stage)}` : ''} · {t('web.reason')}: {label('reason', r.reason)}
            </p>
            {text(r.declineReason) ? <p className="mb-1">{t('case.declineReason', { reason: label('declineReason', text(r.declineReason)) })}</p> : null}
            {text(r.outcome) ? <p className="mb-1">{t('case.outcome', { outcome: label('outcome', text(r.outcome)) })}</p> : null}
            {text(r.withdrawalReason) ? <p className="mb-1">{t('case.withdrawnFor', { reason: label('withdrawal', text(r.withdrawalReason)) })}</p> : null}
            <p className="small text-secondary mb-2">{t('case.requestedAt', { date: date(r.requestedAt) })}</p>
            {r.agency !== 'police' && WITHDRAWABLE.includes(r.state) && can('ReferralsController_withdraw') ? <WithdrawForm referral={r} /> : null}
          </article>
        ))}
      </section>
      {(view.mandates ?? []).length ? (
        <section aria-labelledby="mandates-title" className="my-4">
          <h2 id="mandates-title" className="h4">
            {t('case.mandates')}
          </h2>
          {(view.mandates ?? []).map((m) => (
            <article key={m.orderId} className="border rounded p-3 mb-3" aria-label={label('order', m.order)}>
              <h3 className="h5">
                {label('order', m.order)} <DeadlineBadge dueAt={m.state === 'awaiting_acknowledgement' ? m.acknowledgeBy : null} overdue={m.overdue} />
              </h3>
              <p className="mb-1">
                {t('web.state')}: {label('mandateState', m.state)}
              </p>
              {text(m.operativePart) ? <blockquote className="border-start ps-3">{text(m.operativePart)}</blockquote> : null}
              <MandateActions mandate={m} />
            </article>
          ))}
        </section>
      ) : null}
      {(view.investigations ?? []).length ? (
        <section aria-labelledby="investigations-title" className="my-4">
          <h2 id="investigations-title" className="h4">
            {t('case.investigations')}
          </h2>
          {(view.investigations ?? []).map((i) => (
            <article key={i.investigationId} className="border rounded p-3 mb-3" aria-label={t('web.node.investigation')}>
              <h3 className="h5">
                {t('web.node.investigation')} <DeadlineBadge dueAt={i.reportSent ? null : i.reportBy} overdue={i.overdue} />
              </h3>
              <p className="mb-1">
                {t('web.state')}: {label('referralState', i.state)}
              </p>
              {i.questions ? <p className="mb-2">{t('investigation.questions', { questions: i.questions })}</p> : null}
              <InvestigationActions investigation={i} />
            </article>
          ))}
        </section>
      ) : null}
      {history.length ? (
        <section aria-labelledby="history-title" className="my-4">
          <h2 id="history-title" className="h4">
            {t('case.history')}
          </h2>
          <StatusTimeline
            title={t('case.history')}
            entries={history.map((h) => ({ at: h.at, label: label('historyAction', h.action), detail: t('case.by', { actor: h.actor }) }))}
          />
        </section>
      ) : null}
    </>
  );
}

function CaseSummary({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const label = useLabel();
  const date = useDate();
  const pupil = read<Pupil>(view.pupil);
  const residence = read<Residence>(view.residence);
  const school = read<School>(view.school);
  const rows: [string, string][] = [
    [t('case.state'), label('caseState', view.state)],
    [t('case.child'), view.erased ? t('case.erased') : pupil ? `${pupil.firstName} ${pupil.lastName} (${date(pupil.birthDate)})` : '—'],
    [t('case.residence'), residence ? `${residence.address}, ${residence.city}${residence.municipio ? ` — Municipio ${residence.municipio}` : ''}` : '—'],
    [t('case.school'), school?.name ?? '—'],
    [t('case.kinds'), view.kinds.map((k) => label('kind', k)).join(', ') || '—'],
    [t('case.concerns'), view.concerns.map((c) => label('concern', c)).join(', ') || '—'],
    [t('case.careLevel'), label('careLevel', view.careLevel)],
    [t('case.wayIn'), label('wayIn', view.wayIn)],
    [t('case.citizenship'), label('citizenship', view.citizenship)],
    [t('case.assignee'), text(view.assignee) ?? t('case.unassigned')],
    [t('case.programmes'), view.programmes.join(', ') || '—'],
    [t('case.educator'), text(view.educator) ?? '—'],
    [t('case.closureReason'), text(view.closureReason) ? label('caseClosure', text(view.closureReason)) : '—'],
    [t('case.openedAt'), date(view.openedAt)],
  ];
  return (
    <dl className="row">
      {rows.map(([term, value]) => (
        <div key={term} className="col-md-6 d-flex">
          <dt className="me-2">{term}:</dt>
          <dd className="mb-1">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
