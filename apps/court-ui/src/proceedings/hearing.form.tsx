import { Button } from 'design-react-kit';
import { ProblemSummary, unwrap } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type ActionProps, useProceedingAction } from './proceeding-action';

/** The API opens the hearing and records when: it takes no date of its own. */
export function HearingForm({ id, onDone }: ActionProps) {
  const { t } = useTranslation();
  const hearing = useProceedingAction(
    () => unwrap(api.POST('/proceedings/{id}/hearing', { params: { path: { id } } })),
    () => onDone(t('proceedingActions.hearingOpened')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="hearing-title"
      onSubmit={(event) => {
        event.preventDefault();
        hearing.mutate(undefined);
      }}
    >
      <h3 id="hearing-title" className="h5">
        {t('proceedingActions.hearingTitle')}
      </h3>
      <p>{t('proceedingActions.hearingHint')}</p>
      <ProblemSummary error={hearing.error} />
      <Button type="submit" color="primary" disabled={hearing.isPending}>
        {t('proceedingActions.hearing')}
      </Button>
    </form>
  );
}
