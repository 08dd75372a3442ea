import { ProblemSummary } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { useReferralCommand } from './referral-command';

/** Take the referral in charge: the municipality is told `accepted`. */
export function AcceptAction({ id }: { id: string }) {
  const { t } = useTranslation();
  const accept = useReferralCommand(id);
  return (
    <section aria-labelledby="accept-heading" className="mb-4">
      <h3 id="accept-heading" className="h5">
        {t('accept.title')}
      </h3>
      <p>{t('accept.hint')}</p>
      <ProblemSummary error={accept.error} />
      <Button color="primary" disabled={accept.isPending} onClick={() => accept.mutate({ kind: 'accept' })}>
        {t('accept.submit')}
      </Button>
    </section>
  );
}
