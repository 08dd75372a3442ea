import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Alert } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Detail } from '../shared/details';
import { useFormat } from '../shared/format';
import { asPupil, asResidence, asSchool, asText } from '../shared/shapes';
import { OutcomeForm } from './outcome.form';

/** One request: whom to look for, where, and what was found. */
export function VerificationScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  usePageTitle(t('verification.title'));
  const request = useQuery({
    queryKey: ['verification', id],
    queryFn: () => unwrap(api.GET('/verifications/{id}', { params: { path: { id } } })),
  });
  return (
    <>
      <Link to="/verifications">{t('verification.back')}</Link>
      <h1 className="h2 mt-2">{t('verification.title')}</h1>
      <QueryState query={request}>
        {(view) => {
          const pupil = asPupil(view.pupil);
          const residence = asResidence(view.residence);
          const school = asSchool(view.school);
          return (
            <>
              {view.erased ? <Alert color="info">{t('erasedNotice')}</Alert> : null}
              <h2 className="h4">{t('verification.whom')}</h2>
              <dl>
                <Detail term={t('field.caseref')}>{view.caseref}</Detail>
                <Detail term={t('verifications.state')}>
                  {t(`verificationStatus.${view.status}`)} <DeadlineBadge overdue={view.overdue} />
                </Detail>
                <Detail term={t('field.pupil')}>{pupil ? `${pupil.firstName} ${pupil.lastName}` : null}</Detail>
                <Detail term={t('field.taxCode')}>{pupil?.taxCode}</Detail>
                <Detail term={t('field.birthDate')}>{pupil ? format.date(pupil.birthDate) : null}</Detail>
              </dl>
              <h2 className="h4">{t('verification.where')}</h2>
              <dl>
                <Detail term={t('field.address')}>{residence?.address}</Detail>
                <Detail term={t('field.postalCode')}>{residence?.postalCode}</Detail>
                <Detail term={t('field.city')}>{residence?.city}</Detail>
                <Detail term={t('field.municipio')}>{residence?.municipio ? t('municipio', { n: residence.municipio }) : null}</Detail>
                <Detail term={t('field.school')}>{school ? `${school.name} (${school.code})` : null}</Detail>
                <Detail term={t('verifications.requestedAt')}>{format.dateTime(view.requestedAt)}</Detail>
                <Detail term={t('verification.overdueSince')}>{asText(view.overdueSince) ? format.dateTime(asText(view.overdueSince)) : null}</Detail>
              </dl>
              {view.status === 'completed' ? (
                <>
                  <h2 className="h4">{t('verification.found')}</h2>
                  <dl>
                    <Detail term={t('outcomeForm.outcome')}>{view.outcome ? t(`outcome.${view.outcome}`) : null}</Detail>
                    <Detail term={t('outcomeForm.note')}>{asText(view.note)}</Detail>
                    <Detail term={t('verification.completedAt')}>{format.dateTime(asText(view.completedAt))}</Detail>
                  </dl>
                </>
              ) : null}
              {view.status === 'pending' && !view.erased && can('VerificationsController_complete') ? <OutcomeForm id={view.id} /> : null}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
