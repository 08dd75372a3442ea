import { Button } from 'design-react-kit';
import { errorsFor, ProblemSummary, TextAreaField, unwrap } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type ActionProps, useProceedingAction } from './proceeding-action';

/** Social services receive the questions and the due date, nothing else of the file. */
export function InvestigationForm({ id, onDone }: ActionProps) {
  const { t } = useTranslation();
  const [questions, setQuestions] = useState('');
  const request = useProceedingAction(
    (body: { questions: string }) => unwrap(api.POST('/proceedings/{id}/investigations', { params: { path: { id } }, body })),
    () => onDone(t('proceedingActions.investigationRequested')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="investigation-title"
      onSubmit={(event) => {
        event.preventDefault();
        request.mutate({ questions });
      }}
    >
      <h3 id="investigation-title" className="h5">
        {t('proceedingActions.investigationTitle')}
      </h3>
      <p>{t('proceedingActions.investigationHint')}</p>
      <ProblemSummary error={request.error} fields={['questions']} />
      <TextAreaField
        label={t('proceedingActions.questions')}
        required
        value={questions}
        errors={errorsFor(request.error, 'questions')}
        onChange={(event) => setQuestions(event.target.value)}
      />
      <Button type="submit" color="primary" outline disabled={request.isPending}>
        {t('proceedingActions.requestInvestigation')}
      </Button>
    </form>
  );
}
