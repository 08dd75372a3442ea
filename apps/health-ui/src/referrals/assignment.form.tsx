import { errorsFor, ProblemSummary, TextField } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asText } from '../shared/shapes';
import { useReferralCommand } from './referral-command';

/** A supervisor hands the referral to another ATS worker; the municipality is not told who. */
export function AssignmentForm({ id, current }: { id: string; current: string | null }) {
  const { t } = useTranslation();
  const [assignee, setAssignee] = useState(current ?? '');
  const assign = useReferralCommand(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate({ kind: 'assignment', body: { assignee: assignee.trim() } });
  };
  return (
    <section aria-labelledby="assignment-heading" className="mb-4">
      <h3 id="assignment-heading" className="h5">
        {t('assignment.title')}
      </h3>
      <ProblemSummary error={assign.error} fields={['assignee']} />
      {assign.isSuccess ? (
        <p role="status" className="text-success">
          {t('assignment.done', { assignee: asText(assign.data.assignee) })}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('field.assignee')}
          hint={t('assignment.hint')}
          name="assignee"
          required
          autoComplete="off"
          value={assignee}
          onChange={(event) => setAssignee(event.target.value)}
          errors={errorsFor(assign.error, 'assignee')}
        />
        <Button color="primary" outline type="submit" disabled={assign.isPending}>
          {t('assignment.submit')}
        </Button>
      </form>
    </section>
  );
}
