import { errorsFor, ProblemSummary, SelectField, TextAreaField } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HEALTH_OUTCOMES, type HealthOutcome } from './codes';
import { useReferralCommand } from './referral-command';

/** Close the care: the municipality gets the outcome code; the clinical note stays sealed at ATS. */
export function CompleteForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('');
  const [clinicalNote, setClinicalNote] = useState('');
  const complete = useReferralCommand(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    complete.mutate({ kind: 'complete', body: { outcome: outcome as HealthOutcome, ...(clinicalNote.trim() ? { clinicalNote } : {}) } });
  };
  return (
    <section aria-labelledby="complete-heading" className="mb-4">
      <h3 id="complete-heading" className="h5 mb-4">
        {t('complete.title')}
      </h3>
      <ProblemSummary error={complete.error} fields={['outcome', 'clinicalNote']} />
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t('field.outcome')}
          name="outcome"
          required
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
          placeholder={t('complete.choose')}
          options={HEALTH_OUTCOMES.map((value) => ({ value, label: t(`outcome.${value}`) }))}
          errors={errorsFor(complete.error, 'outcome')}
        />
        <TextAreaField
          label={t('field.clinicalNote')}
          hint={t('complete.noteHint')}
          name="clinicalNote"
          value={clinicalNote}
          onChange={(event) => setClinicalNote(event.target.value)}
          errors={errorsFor(complete.error, 'clinicalNote')}
        />
        <Button color="primary" type="submit" disabled={complete.isPending}>
          {t('complete.submit')}
        </Button>
      </form>
    </section>
  );
}
