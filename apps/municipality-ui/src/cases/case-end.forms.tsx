import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseView } from '../api/types';
import { CASE_CLOSURES } from '../shared/enums';
import { useOptions } from '../shared/labels';

/** The child is back in class: the case closes with that reason. */
export function ReturnedToClassAction({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const returned = useMutation({
    mutationFn: () => unwrap(api.POST('/cases/{caseref}/returned-to-class', { params: { path: { caseref: view.caseref } } })),
    onSuccess: (next) => queryClient.setQueryData(['case', view.caseref], next),
  });
  return (
    <div className="border rounded p-3 mb-4">
      <h3 className="h5">{t('returned.title')}</h3>
      <p>{t('returned.hint')}</p>
      <ProblemSummary error={returned.error} />
      <Button color="success" disabled={returned.isPending} onClick={() => returned.mutate()}>
        {t('returned.submit')}
      </Button>
    </div>
  );
}

/** Close the case with a reason; open referrals or mandates keep it open (409 in the summary). */
export function CloseCaseForm({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const options = useOptions();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/cases/{caseref}/close', {
          params: { path: { caseref: view.caseref } },
          body: { reason: reason as (typeof CASE_CLOSURES)[number] },
        }),
      ),
    onSuccess: (next) => queryClient.setQueryData(['case', view.caseref], next),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    close.mutate();
  }
  return (
    <form noValidate onSubmit={submit} aria-labelledby="close-title" className="border rounded p-3 mb-4">
      <h3 id="close-title" className="h5 mb-4">
        {t('close.title')}
      </h3>
      <ProblemSummary error={close.error} fields={['reason']} />
      <SelectField
        label={t('close.reason')}
        name="reason"
        value={reason}
        placeholder={t('common.choose')}
        options={options('caseClosure', CASE_CLOSURES)}
        onChange={(e) => setReason(e.target.value)}
        errors={errorsFor(close.error, 'reason')}
      />
      <Button color="danger" outline type="submit" disabled={close.isPending}>
        {t('close.submit')}
      </Button>
    </form>
  );
}
