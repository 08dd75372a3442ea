import { errorsFor, ProblemSummary, SelectField } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DECLINE_REASONS, type DeclineReason } from './codes';
import { useReferralCommand } from './referral-command';

/** Decline the referral: the municipality receives the reason code. */
export function DeclineForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const decline = useReferralCommand(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An unchosen reason is sent as such: the API's message shows beside the field.
    decline.mutate({ kind: 'decline', body: { reason: reason as DeclineReason } });
  };
  return (
    <section aria-labelledby="decline-heading" className="mb-4">
      <h3 id="decline-heading" className="h5 mb-4">
        {t('decline.title')}
      </h3>
      <ProblemSummary error={decline.error} fields={['reason']} />
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t('decline.reason')}
          name="reason"
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder={t('decline.choose')}
          options={DECLINE_REASONS.map((value) => ({ value, label: t(`declineReason.${value}`) }))}
          errors={errorsFor(decline.error, 'reason')}
        />
        <Button color="danger" outline type="submit" disabled={decline.isPending}>
          {t('decline.submit')}
        </Button>
      </form>
    </section>
  );
}
