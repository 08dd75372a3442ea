import { Button } from 'design-react-kit';
import { errorsFor, ProblemSummary, TextField, unwrap } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type ActionProps, useProceedingAction } from './proceeding-action';

export function AssignmentForm({ id, current, onDone }: ActionProps & { current: string | null }) {
  const { t } = useTranslation();
  const [assignee, setAssignee] = useState(current ?? '');
  const assign = useProceedingAction(
    (body: { assignee: string }) => unwrap(api.POST('/proceedings/{id}/assignment', { params: { path: { id } }, body })),
    () => onDone(t('proceedingActions.assigned')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="assign-title"
      onSubmit={(event) => {
        event.preventDefault();
        assign.mutate({ assignee: assignee.trim() });
      }}
    >
      <h3 id="assign-title" className="h5">
        {t('proceedingActions.assignTitle')}
      </h3>
      <ProblemSummary error={assign.error} fields={['assignee']} />
      <TextField
        label={t('proceedingActions.assignee')}
        required
        value={assignee}
        errors={errorsFor(assign.error, 'assignee')}
        onChange={(event) => setAssignee(event.target.value)}
      />
      <Button type="submit" color="primary" outline disabled={assign.isPending}>
        {t('proceedingActions.assign')}
      </Button>
    </form>
  );
}
