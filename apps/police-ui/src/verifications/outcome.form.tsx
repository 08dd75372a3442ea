import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

export const VERIFICATION_OUTCOMES = ['confirmed_absent', 'attending_again', 'not_found_at_address', 'moved_away'] as const;
type Outcome = (typeof VERIFICATION_OUTCOMES)[number];

/** What the officers found; the municipality receives the outcome code, the note stays with police. */
export function OutcomeForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/verifications/{id}/outcome', {
          params: { path: { id } },
          // An unchosen outcome is sent as such: the API says what is missing, beside the field.
          body: { outcome: outcome as Outcome, ...(note.trim() ? { note } : {}) },
        }),
      ),
    onSuccess: (view) => {
      queryClient.setQueryData(['verification', id], view);
      void queryClient.invalidateQueries({ queryKey: ['verifications'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <section aria-labelledby="outcome-heading" className="mt-4">
      <h2 id="outcome-heading" className="h4 mb-4">
        {t('outcomeForm.title')}
      </h2>
      <ProblemSummary error={record.error} fields={['outcome', 'note']} />
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t('outcomeForm.outcome')}
          name="outcome"
          required
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
          placeholder={t('outcomeForm.choose')}
          options={VERIFICATION_OUTCOMES.map((value) => ({ value, label: t(`outcome.${value}`) }))}
          errors={errorsFor(record.error, 'outcome')}
        />
        <TextAreaField
          label={t('outcomeForm.note')}
          hint={t('outcomeForm.noteHint')}
          name="note"
          value={note}
          onChange={(event) => setNote(event.target.value)}
          errors={errorsFor(record.error, 'note')}
        />
        <Button color="primary" type="submit" disabled={record.isPending}>
          {t('outcomeForm.submit')}
        </Button>
      </form>
    </section>
  );
}
