import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, TextField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type CaseView, text } from '../api/types';

/** A supervisor hands the case to another caseworker (their identity's subject). */
export function AssignmentForm({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [assignee, setAssignee] = useState(text(view.assignee) ?? '');
  const assign = useMutation({
    mutationFn: () => unwrap(api.POST('/cases/{caseref}/assignment', { params: { path: { caseref: view.caseref } }, body: { assignee } })),
    onSuccess: (next) => {
      queryClient.setQueryData(['case', view.caseref], next);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    assign.mutate();
  }
  return (
    <form noValidate onSubmit={submit} aria-labelledby="assign-title" className="border rounded p-3 mb-4">
      <h3 id="assign-title" className="h5 mb-4">
        {t('assign.title')}
      </h3>
      <ProblemSummary error={assign.error} fields={['assignee']} />
      {assign.isSuccess ? (
        <p role="status" className="text-success">
          {t('assign.done', { assignee: text(assign.data.assignee) })}
        </p>
      ) : null}
      <TextField
        label={t('assign.assignee')}
        hint={t('assign.hint')}
        name="assignee"
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
        errors={errorsFor(assign.error, 'assignee')}
      />
      <Button color="primary" type="submit" disabled={assign.isPending}>
        {t('assign.submit')}
      </Button>
    </form>
  );
}
