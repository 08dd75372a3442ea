import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, StatusTimeline, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Alert } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Detail } from '../shared/details';
import { useFormat } from '../shared/format';
import { asPupil, asResidence, asSchool, asText } from '../shared/shapes';
import { AcceptAction } from './accept.action';
import { AssignmentForm } from './assignment.form';
import { ACCEPTS, type ReferralState } from './codes';
import { CompleteForm } from './complete.form';
import { DeclineForm } from './decline.form';
import { StartCareForm } from './start-care.form';

/** One referral as ATS holds it: who, where, the coordinator's notes, the care path and its history. */
export function ReferralScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  usePageTitle(t('referral.title'));
  const referral = useQuery({ queryKey: ['referral', id], queryFn: () => unwrap(api.GET('/referrals/{id}', { params: { path: { id } } })) });
  return (
    <>
      <Link to="/referrals">{t('referral.back')}</Link>
      <h1 className="h2 mt-2">{t('referral.title')}</h1>
      <QueryState query={referral}>
        {(view) => {
          const pupil = asPupil(view.pupil);
          const residence = asResidence(view.residence);
          const school = asSchool(view.school);
          const state: ReferralState = view.state;
          const allowed = (action: keyof typeof ACCEPTS, operationId: string) => !view.erased && ACCEPTS[action].includes(state) && can(operationId);
          const actions = [
            allowed('accept', 'ReferralsController_accept') ? <AcceptAction key="accept" id={view.id} /> : null,
            allowed('decline', 'ReferralsController_decline') ? <DeclineForm key="decline" id={view.id} /> : null,
            allowed('start', 'ReferralsController_start') ? <StartCareForm key="start" id={view.id} /> : null,
            allowed('complete', 'ReferralsController_complete') ? <CompleteForm key="complete" id={view.id} /> : null,
            allowed('assign', 'ReferralsController_assign') ? <AssignmentForm key="assign" id={view.id} current={asText(view.assignee)} /> : null,
          ].filter(Boolean);
          return (
            <div className="row">
              <div className="col-lg-7">
                {view.erased ? <Alert color="info">{t('erasedNotice')}</Alert> : null}
                <dl>
                  <Detail term={t('field.caseref')}>{view.caseref}</Detail>
                  <Detail term={t('field.state')}>{t(`referralState.${view.state}`)}</Detail>
                  <Detail term={t('field.respondBy')}>
                    {format.date(view.respondBy)} <DeadlineBadge overdue={view.overdue} />
                  </Detail>
                  <Detail term={t('field.concern')}>{view.concern ? t(`concern.${view.concern}`) : null}</Detail>
                  <Detail term={t('field.pupil')}>{pupil ? `${pupil.firstName} ${pupil.lastName}` : null}</Detail>
                  <Detail term={t('field.taxCode')}>{pupil?.taxCode}</Detail>
                  <Detail term={t('field.birthDate')}>{pupil ? format.date(pupil.birthDate) : null}</Detail>
                  <Detail term={t('field.residence')}>
                    {residence ? [residence.address, residence.postalCode, residence.city].filter(Boolean).join(', ') : null}
                  </Detail>
                  <Detail term={t('field.school')}>{school ? `${school.name} (${school.code})` : null}</Detail>
                  <Detail term={t('field.notes')}>{asText(view.notes)}</Detail>
                  <Detail term={t('field.assignee')}>{asText(view.assignee) ?? t('referrals.unassigned')}</Detail>
                  <Detail term={t('field.receivedAt')}>{format.dateTime(view.receivedAt)}</Detail>
                  <Detail term={t('field.declineReason')}>{view.declineReason ? t(`declineReason.${view.declineReason}`) : null}</Detail>
                  <Detail term={t('field.asst')}>{view.carePath ? t(`asst.${view.carePath.asst}`) : null}</Detail>
                  <Detail term={t('field.service')}>{view.carePath ? t(`careService.${view.carePath.service}`) : null}</Detail>
                  <Detail term={t('field.outcome')}>{view.outcome ? t(`outcome.${view.outcome}`) : null}</Detail>
                  <Detail term={t('field.clinicalNote')}>{asText(view.clinicalNote)}</Detail>
                  <Detail term={t('field.closedAt')}>{asText(view.closedAt) ? format.dateTime(asText(view.closedAt)) : null}</Detail>
                </dl>
                <h2 className="h4 mt-4">{t('referral.history')}</h2>
                <StatusTimeline
                  title={t('referral.history')}
                  entries={(view.history ?? []).map((entry) => ({
                    at: entry.at,
                    label: t(`historyAction.${entry.action}`, { defaultValue: entry.action }),
                    detail: `${t(`referralState.${entry.state}`)} · ${entry.actor}`,
                  }))}
                />
              </div>
              {actions.length > 0 ? (
                <div className="col-lg-5">
                  <h2 className="h4">{t('referral.actions')}</h2>
                  {actions}
                </div>
              ) : null}
            </div>
          );
        }}
      </QueryState>
    </>
  );
}
