import { errorsFor, ProblemSummary, SelectField } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSTS, type Asst, CARE_SERVICES, type CareService } from './codes';
import { useReferralCommand } from './referral-command';

/** Care starts at an ASST service; the municipality is told `in_progress`, the care path stays at ATS. */
export function StartCareForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const [asst, setAsst] = useState('');
  const [service, setService] = useState('');
  const start = useReferralCommand(id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ kind: 'start', body: { asst: asst as Asst, service: service as CareService } });
  };
  return (
    <section aria-labelledby="start-heading" className="mb-4">
      <h3 id="start-heading" className="h5">
        {t('start.title')}
      </h3>
      <p className="mb-4">{t('start.hint')}</p>
      <ProblemSummary error={start.error} fields={['asst', 'service']} />
      <form onSubmit={submit} noValidate>
        <SelectField
          label={t('field.asst')}
          name="asst"
          required
          value={asst}
          onChange={(event) => setAsst(event.target.value)}
          placeholder={t('start.chooseAsst')}
          options={ASSTS.map((value) => ({ value, label: t(`asst.${value}`) }))}
          errors={errorsFor(start.error, 'asst')}
        />
        <SelectField
          label={t('field.service')}
          name="service"
          required
          value={service}
          onChange={(event) => setService(event.target.value)}
          placeholder={t('start.chooseService')}
          options={CARE_SERVICES.map((value) => ({ value, label: t(`careService.${value}`) }))}
          errors={errorsFor(start.error, 'service')}
        />
        <Button color="primary" type="submit" disabled={start.isPending}>
          {t('start.submit')}
        </Button>
      </form>
    </section>
  );
}
