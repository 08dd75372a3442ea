import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, unwrap, useCan } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { MandateView } from '../api/types';
import { MANDATE_NEXT } from '../shared/enums';
import { useOptions } from '../shared/labels';

type Report = 'care_started' | 'care_completed' | 'care_refused';

function useSettle(mandate: MandateView) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['case', mandate.caseref] });
    void queryClient.invalidateQueries({ queryKey: ['mandates'] });
  };
}

/** What the unit owes the court on a mandate now: the acknowledgement, then reports on the care. */
export function MandateActions({ mandate }: { mandate: MandateView }) {
  const { t } = useTranslation();
  const can = useCan();
  const options = useOptions();
  const settle = useSettle(mandate);
  const [status, setStatus] = useState('');
  const [report, setReport] = useState('');
  const next = MANDATE_NEXT[mandate.state] ?? [];
  const acknowledge = useMutation({
    mutationFn: () => unwrap(api.POST('/mandates/{orderId}/acknowledge', { params: { path: { orderId: mandate.orderId } } })),
    onSuccess: settle,
  });
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/mandates/{orderId}/report', {
          params: { path: { orderId: mandate.orderId } },
          body: { status: status as Report, ...(report ? { report } : {}) },
        }),
      ),
    onSuccess: () => {
      setStatus('');
      setReport('');
      settle();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }
  if (next.includes('acknowledged') && can('MandatesController_acknowledge')) {
    return (
      <div>
        <ProblemSummary error={acknowledge.error} />
        <Button color="primary" size="sm" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
          {t('mandate.acknowledge')}
        </Button>
      </div>
    );
  }
  if (next.length === 0 || !can('MandatesController_report')) return null;
  return (
    <form noValidate onSubmit={submit} aria-label={t('mandate.reportTitle')} className="mt-4">
      <ProblemSummary error={send.error} fields={['status', 'report']} />
      <SelectField
        label={t('mandate.status')}
        name="status"
        value={status}
        placeholder={t('common.choose')}
        options={options('mandateReport', next)}
        onChange={(e) => setStatus(e.target.value)}
        errors={errorsFor(send.error, 'status')}
      />
      <TextAreaField
        label={t('mandate.report')}
        name="report"
        value={report}
        onChange={(e) => setReport(e.target.value)}
        errors={errorsFor(send.error, 'report')}
      />
      <Button color="primary" size="sm" type="submit" disabled={send.isPending}>
        {t('mandate.send')}
      </Button>
    </form>
  );
}
