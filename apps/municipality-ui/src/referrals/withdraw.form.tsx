import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ReferralView } from '../api/types';
import { WITHDRAWAL_REASONS } from '../shared/enums';
import { useLabel, useOptions } from '../shared/labels';

/** Withdraw an open ATS or court referral; the agency is told. */
export function WithdrawForm({ referral }: { referral: ReferralView }) {
  const { t } = useTranslation();
  const options = useOptions();
  const label = useLabel();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/cases/{caseref}/referrals/{referralId}/withdraw', {
          params: { path: { caseref: referral.caseref, referralId: referral.referralId } },
          body: { reason: reason as (typeof WITHDRAWAL_REASONS)[number] },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['case', referral.caseref] });
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    withdraw.mutate();
  }
  const agency = label('agency', referral.agency);
  return (
    <form noValidate onSubmit={submit} aria-label={t('withdraw.title', { agency })} className="mt-4">
      <ProblemSummary error={withdraw.error} fields={['reason']} />
      <SelectField
        label={t('withdraw.reason', { agency })}
        name="reason"
        value={reason}
        placeholder={t('common.choose')}
        options={options('withdrawal', WITHDRAWAL_REASONS)}
        onChange={(e) => setReason(e.target.value)}
        errors={errorsFor(withdraw.error, 'reason')}
      />
      <Button color="danger" outline size="sm" type="submit" disabled={withdraw.isPending}>
        {t('withdraw.submit', { agency })}
      </Button>
    </form>
  );
}
