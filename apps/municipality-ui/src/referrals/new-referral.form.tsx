import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseView } from '../api/types';
import { COURT_GROUNDS, HEALTH_CONCERNS } from '../shared/enums';
import { useLabel, useOptions } from '../shared/labels';

type Target = 'health' | 'court';

/** Refer the child to ATS (a concern the case raises) or to the prosecutor for the juvenile court. */
export function NewReferralForm({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const options = useOptions();
  const label = useLabel();
  const queryClient = useQueryClient();
  const [agency, setAgency] = useState<Target | ''>('');
  const [concern, setConcern] = useState('');
  const [grounds, setGrounds] = useState('');
  const [notes, setNotes] = useState('');
  const refer = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/cases/{caseref}/referrals', {
          params: { path: { caseref: view.caseref } },
          body: {
            agency: agency as Target,
            ...(agency === 'health' ? { concern: concern as (typeof HEALTH_CONCERNS)[number] } : {}),
            ...(agency === 'court' ? { grounds: grounds as (typeof COURT_GROUNDS)[number] } : {}),
            ...(notes ? { notes } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setNotes('');
      void queryClient.invalidateQueries({ queryKey: ['case', view.caseref] });
      void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    refer.mutate();
  }
  return (
    <form noValidate onSubmit={submit} aria-labelledby="refer-title" className="border rounded p-3 mb-4">
      <h3 id="refer-title" className="h5 mb-4">
        {t('refer.title')}
      </h3>
      <ProblemSummary error={refer.error} fields={['agency', 'concern', 'grounds', 'notes']} />
      {refer.isSuccess ? (
        <p role="status" className="text-success">
          {t('refer.done', { agency: label('agency', refer.data.agency) })}
        </p>
      ) : null}
      <SelectField
        label={t('refer.agency')}
        name="agency"
        value={agency}
        placeholder={t('common.choose')}
        options={options('agency', ['health', 'court'])}
        onChange={(e) => setAgency(e.target.value as Target | '')}
        errors={errorsFor(refer.error, 'agency')}
      />
      {agency === 'health' ? (
        <SelectField
          label={t('refer.concern')}
          name="concern"
          value={concern}
          placeholder={t('common.choose')}
          options={options('concern', HEALTH_CONCERNS)}
          onChange={(e) => setConcern(e.target.value)}
          errors={errorsFor(refer.error, 'concern')}
        />
      ) : null}
      {agency === 'court' ? (
        <SelectField
          label={t('refer.grounds')}
          name="grounds"
          value={grounds}
          placeholder={t('common.choose')}
          options={options('grounds', COURT_GROUNDS)}
          onChange={(e) => setGrounds(e.target.value)}
          errors={errorsFor(refer.error, 'grounds')}
        />
      ) : null}
      <TextAreaField label={t('refer.notes')} name="notes" value={notes} onChange={(e) => setNotes(e.target.value)} errors={errorsFor(refer.error, 'notes')} />
      <Button color="primary" type="submit" disabled={refer.isPending}>
        {t('refer.submit')}
      </Button>
    </form>
  );
}
