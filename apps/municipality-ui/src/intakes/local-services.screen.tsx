import { useMutation, useQuery } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, QueryState, TextField, unwrap, usePageTitle } from '@casenet/ui';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { text } from '../api/types';
import { useDate, useLabel } from '../shared/labels';
import { ChildFields, CHILD_PATHS, childBody, EMPTY_CHILD } from './child.fields';

/** Local social services report a child to the unit and later read back where the intake stands (status only). */
export function LocalServicesScreen() {
  const { t } = useTranslation();
  usePageTitle(t('localServices.title'));
  const [service, setService] = useState('');
  const [draft, setDraft] = useState(EMPTY_CHILD);
  const [lookup, setLookup] = useState('');
  const [looked, setLooked] = useState<string | null>(null);
  const report = useMutation({
    mutationFn: () => unwrap(api.POST('/intakes/local-services', { body: { service, ...childBody(draft) } })),
    onSuccess: (view) => {
      setDraft(EMPTY_CHILD);
      setLookup(view.caseref);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    report.mutate();
  }
  function find(event: FormEvent) {
    event.preventDefault();
    setLooked(lookup.trim() || null);
  }
  return (
    <>
      <h1 className="h2">{t('localServices.title')}</h1>
      <p>{t('localServices.intro')}</p>
      {report.isSuccess ? (
        <Alert color="success" role="status">
          {t('localServices.done', { caseref: report.data.caseref })}
        </Alert>
      ) : null}
      <form noValidate onSubmit={submit} aria-labelledby="ls-report-title">
        <h2 id="ls-report-title" className="h4">
          {t('localServices.reportTitle')}
        </h2>
        <ProblemSummary error={report.error} fields={['service', ...CHILD_PATHS]} />
        <TextField
          label={t('localServices.service')}
          name="service"
          value={service}
          onChange={(e) => setService(e.target.value)}
          errors={errorsFor(report.error, 'service')}
        />
        <ChildFields draft={draft} onChange={setDraft} error={report.error} />
        <Button color="primary" type="submit" disabled={report.isPending}>
          {t('localServices.submit')}
        </Button>
      </form>
      <form noValidate onSubmit={find} aria-labelledby="ls-lookup-title" className="mt-5">
        <h2 id="ls-lookup-title" className="h4">
          {t('localServices.lookupTitle')}
        </h2>
        <TextField label={t('localServices.caseref')} name="caseref" value={lookup} onChange={(e) => setLookup(e.target.value)} />
        <Button color="primary" outline type="submit">
          {t('localServices.lookup')}
        </Button>
      </form>
      {looked ? <IntakeStatus caseref={looked} /> : null}
    </>
  );
}

function IntakeStatus({ caseref }: { caseref: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const date = useDate();
  const intake = useQuery({ queryKey: ['intake', caseref], queryFn: () => unwrap(api.GET('/intakes/{caseref}', { params: { path: { caseref } } })) });
  return (
    <section aria-label={t('localServices.status')} className="my-3">
      <QueryState query={intake}>
        {(view) => (
          <dl className="row">
            <dt className="col-sm-3">{t('case.caseref')}</dt>
            <dd className="col-sm-9 font-monospace">{view.caseref}</dd>
            <dt className="col-sm-3">{t('case.state')}</dt>
            <dd className="col-sm-9">{label('caseState', view.state)}</dd>
            <dt className="col-sm-3">{t('case.careLevel')}</dt>
            <dd className="col-sm-9">{label('careLevel', view.careLevel)}</dd>
            <dt className="col-sm-3">{t('case.wayIn')}</dt>
            <dd className="col-sm-9">{label('wayIn', view.wayIn)}</dd>
            <dt className="col-sm-3">{t('case.openedAt')}</dt>
            <dd className="col-sm-9">{date(view.openedAt)}</dd>
            <dt className="col-sm-3">{t('localServices.closedAt')}</dt>
            <dd className="col-sm-9">{date(text(view.closedAt))}</dd>
          </dl>
        )}
      </QueryState>
    </section>
  );
}
