import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckboxGroup, errorsFor, ProblemSummary, QueryState, SelectField, TextField, unwrap } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CaseView } from '../api/types';
import { CITIZENSHIPS } from '../shared/enums';
import { useOptions } from '../shared/labels';
import { fieldErrors, summaryError } from '../shared/problems';

type Citizenship = (typeof CITIZENSHIPS)[number];

/** Take the case in charge with programmes of the catalogue; the API checks each against the child (422 beside the programmes). */
export function TakeInChargeForm({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const options = useOptions();
  const queryClient = useQueryClient();
  const [programmes, setProgrammes] = useState<string[]>([]);
  const [educator, setEducator] = useState('');
  const [citizenship, setCitizenship] = useState(view.citizenship ?? '');
  const catalogue = useQuery({ queryKey: ['programmes'], queryFn: () => unwrap(api.GET('/programmes')) });
  const take = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/cases/{caseref}/take-in-charge', {
          params: { path: { caseref: view.caseref } },
          body: { programmes, educator, ...(citizenship ? { citizenship: citizenship as Citizenship } : {}) },
        }),
      ),
    onSuccess: (next) => queryClient.setQueryData(['case', view.caseref], next),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    take.mutate();
  }
  return (
    <form noValidate onSubmit={submit} aria-labelledby="take-title" className="border rounded p-3 mb-4">
      <h3 id="take-title" className="h5 mb-4">
        {t('take.title')}
      </h3>
      <ProblemSummary error={summaryError(take.error, 422)} fields={['programmes', 'educator', 'citizenship']} />
      <QueryState query={catalogue} isEmpty={(page) => page.items.length === 0} empty={t('take.noProgrammes')}>
        {(page) => (
          <CheckboxGroup
            legend={t('take.programmes')}
            options={page.items.map((p) => ({ value: p.id, label: p.availableNow ? p.name : t('take.unavailable', { name: p.name }) }))}
            value={programmes}
            onChange={setProgrammes}
            errors={fieldErrors(take.error, 'programmes', 422)}
          />
        )}
      </QueryState>
      <TextField
        label={t('take.educator')}
        name="educator"
        value={educator}
        onChange={(e) => setEducator(e.target.value)}
        errors={errorsFor(take.error, 'educator')}
      />
      <SelectField
        label={t('take.citizenship')}
        hint={t('take.citizenshipHint')}
        name="citizenship"
        value={citizenship}
        placeholder={t('common.notStated')}
        options={options('citizenship', CITIZENSHIPS)}
        onChange={(e) => setCitizenship(e.target.value)}
        errors={errorsFor(take.error, 'citizenship')}
      />
      <Button color="primary" type="submit" disabled={take.isPending}>
        {t('take.submit')}
      </Button>
    </form>
  );
}
