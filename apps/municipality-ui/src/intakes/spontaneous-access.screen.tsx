import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ProblemSummary, unwrap, usePageTitle } from '@casenet/ui';
import { Link } from '@tanstack/react-router';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ChildFields, CHILD_PATHS, childBody, EMPTY_CHILD } from './child.fields';

/** A family comes to the unit on its own: the caseworker records it, opening an intake at care level I. */
export function SpontaneousAccessScreen() {
  const { t } = useTranslation();
  usePageTitle(t('spontaneous.title'));
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(EMPTY_CHILD);
  const record = useMutation({
    mutationFn: () => unwrap(api.POST('/intakes/spontaneous-access', { body: childBody(draft) })),
    onSuccess: (view) => {
      setDraft(EMPTY_CHILD);
      queryClient.setQueryData(['case', view.caseref], view);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate();
  }
  return (
    <>
      <h1 className="h2">{t('spontaneous.title')}</h1>
      <p>{t('spontaneous.intro')}</p>
      {record.isSuccess ? (
        <Alert color="success" role="status">
          {t('spontaneous.done')}{' '}
          <Link to="/cases/$caseref" params={{ caseref: record.data.caseref }}>
            {t('spontaneous.open', { caseref: record.data.caseref })}
          </Link>
        </Alert>
      ) : null}
      <form noValidate onSubmit={submit}>
        <ProblemSummary error={record.error} fields={CHILD_PATHS} />
        <ChildFields draft={draft} onChange={setDraft} error={record.error} />
        <Button color="primary" type="submit" disabled={record.isPending}>
          {t('spontaneous.submit')}
        </Button>
      </form>
    </>
  );
}
