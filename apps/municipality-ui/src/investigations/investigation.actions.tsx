import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, TextAreaField, unwrap, useCan } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { InvestigationView } from '../api/types';

const OPEN = ['requested', 'accepted', 'in_progress'];

/** Take the court's investigation on, then send the report (only the court reads it). */
export function InvestigationActions({ investigation }: { investigation: InvestigationView }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [report, setReport] = useState('');
  const settle = () => {
    void queryClient.invalidateQueries({ queryKey: ['case', investigation.caseref] });
    void queryClient.invalidateQueries({ queryKey: ['investigations'] });
  };
  const path = { params: { path: { investigationId: investigation.investigationId } } };
  const accept = useMutation({ mutationFn: () => unwrap(api.POST('/investigations/{investigationId}/accept', path)), onSuccess: settle });
  const complete = useMutation({
    mutationFn: () => unwrap(api.POST('/investigations/{investigationId}/complete', { ...path, body: { report } })),
    onSuccess: () => {
      setReport('');
      settle();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    complete.mutate();
  }
  if (!OPEN.includes(investigation.state)) return null;
  return (
    <div>
      {investigation.state === 'requested' && can('InvestigationsController_accept') ? (
        <div className="mb-3">
          <ProblemSummary error={accept.error} />
          <Button color="primary" size="sm" disabled={accept.isPending} onClick={() => accept.mutate()}>
            {t('investigation.accept')}
          </Button>
        </div>
      ) : null}
      {can('InvestigationsController_complete') ? (
        <form noValidate onSubmit={submit} aria-label={t('investigation.completeTitle')}>
          <ProblemSummary error={complete.error} fields={['report']} />
          <TextAreaField
            label={t('investigation.report')}
            hint={t('investigation.reportHint')}
            name="report"
            value={report}
            onChange={(e) => setReport(e.target.value)}
            errors={errorsFor(complete.error, 'report')}
          />
          <Button color="primary" size="sm" type="submit" disabled={complete.isPending}>
            {t('investigation.complete')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
