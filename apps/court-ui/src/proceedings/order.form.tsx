import { Button } from 'design-react-kit';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, unwrap } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { COURT_OUTCOMES, type CourtOutcome } from '../api/types';
import { type ActionProps, useProceedingAction } from './proceeding-action';

interface OrderBody {
  order: CourtOutcome;
  operativePart?: string;
  judicialNote?: string;
}

/** The order completes the proceeding: the municipality receives the operative part, never the judge's note. */
export function OrderForm({ id, onDone }: ActionProps) {
  const { t } = useTranslation();
  const [order, setOrder] = useState('');
  const [operativePart, setOperativePart] = useState('');
  const [judicialNote, setJudicialNote] = useState('');
  const issue = useProceedingAction(
    (body: OrderBody) => unwrap(api.POST('/proceedings/{id}/orders', { params: { path: { id } }, body })),
    () => onDone(t('proceedingActions.orderIssued')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="order-title"
      onSubmit={(event) => {
        event.preventDefault();
        issue.mutate({
          order: order as CourtOutcome,
          ...(operativePart.trim() ? { operativePart } : {}),
          ...(judicialNote.trim() ? { judicialNote } : {}),
        });
      }}
    >
      <h3 id="order-title" className="h5">
        {t('proceedingActions.orderTitle')}
      </h3>
      <ProblemSummary error={issue.error} fields={['order', 'operativePart', 'judicialNote']} />
      <SelectField
        label={t('proceedingActions.order')}
        required
        value={order}
        placeholder={t('common.choose')}
        options={COURT_OUTCOMES.map((value) => ({ value, label: t(`outcome.${value}`) }))}
        errors={errorsFor(issue.error, 'order')}
        onChange={(event) => setOrder(event.target.value)}
      />
      <TextAreaField
        label={t('proceedingActions.operativePart')}
        hint={t('proceedingActions.operativePartHint')}
        value={operativePart}
        errors={errorsFor(issue.error, 'operativePart')}
        onChange={(event) => setOperativePart(event.target.value)}
      />
      <TextAreaField
        label={t('proceedingActions.judicialNote')}
        hint={t('proceedingActions.judicialNoteHint')}
        value={judicialNote}
        errors={errorsFor(issue.error, 'judicialNote')}
        onChange={(event) => setJudicialNote(event.target.value)}
      />
      <Button type="submit" color="primary" disabled={issue.isPending}>
        {t('proceedingActions.issueOrder')}
      </Button>
    </form>
  );
}
