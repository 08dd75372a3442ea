import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { Alert } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Detail } from '../shared/details';
import { useFormat } from '../shared/format';

/** One drug event as police hold it: the pupil and the officers' note never leave police. */
export function DrugEventScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('drugEvent.title'));
  const event = useQuery({ queryKey: ['drug-events', 'one', id], queryFn: () => unwrap(api.GET('/drug-events/{id}', { params: { path: { id } } })) });
  return (
    <>
      <Link to="/drug-events">{t('drugEvent.back')}</Link>
      <h1 className="h2 mt-2">{t('drugEvent.title')}</h1>
      <QueryState query={event}>
        {(view) => (
          <>
            {view.erased ? <Alert color="info">{t('erasedNotice')}</Alert> : null}
            <dl>
              <Detail term={t('field.caseref')}>{view.caseref}</Detail>
              <Detail term={t('field.pupil')}>{view.pupil ? `${view.pupil.firstName} ${view.pupil.lastName}` : null}</Detail>
              <Detail term={t('field.taxCode')}>{view.pupil?.taxCode}</Detail>
              <Detail term={t('field.birthDate')}>{view.pupil ? format.date(view.pupil.birthDate) : null}</Detail>
              <Detail term={t('field.kind')}>{view.kind ? t(`drugKind.${view.kind}`) : null}</Detail>
              <Detail term={t('field.occurredAt')}>{view.occurredAt ? format.dateTime(view.occurredAt) : null}</Detail>
              <Detail term={t('field.municipio')}>{view.municipio ? t('municipio', { n: view.municipio }) : null}</Detail>
              <Detail term={t('field.note')}>{view.note}</Detail>
              <Detail term={t('field.recordedBy')}>{view.recordedBy}</Detail>
              <Detail term={t('field.recordedAt')}>{format.dateTime(view.recordedAt)}</Detail>
            </dl>
          </>
        )}
      </QueryState>
    </>
  );
}
