import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ApiProblem, errorsFor, ProblemSummary, QueryState, TextAreaField, TextField, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { institutionsOf, lineOf } from './campaign.draft';

/** The school office's campaigns, and the form that opens the next one. */
export function CampaignsScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.ust.title'));
  const can = useCan();
  const campaigns = useQuery({ queryKey: ['survey', 'campaigns'], queryFn: () => unwrap(api.GET('/survey/campaigns', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1 className="h2">{t('survey.ust.title')}</h1>
      <p>{t('survey.ust.intro')}</p>
      <QueryState query={campaigns} isEmpty={(page) => page.items.length === 0} empty={t('survey.ust.empty')}>
        {(page) => (
          <div className="table-responsive">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('survey.ust.year')}</th>
                  <th scope="col">{t('survey.ust.deadline')}</th>
                  <th scope="col">{t('survey.ust.institutions')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to="/ust/$campaignId" params={{ campaignId: c.id }}>
                        {t('survey.ust.campaign', { year: c.schoolYear })}
                      </Link>
                    </td>
                    <td>{new Date(`${c.deadline}T12:00:00Z`).toLocaleDateString(i18n.language)}</td>
                    <td>{c.institutionCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {can('SurveyCampaignsController_open') ? <OpenCampaignForm /> : null}
    </>
  );
}

function OpenCampaignForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ schoolYear: '', deadline: '', institutions: '' });
  const open = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/survey/campaigns', {
          body: { schoolYear: draft.schoolYear.trim(), deadline: draft.deadline, institutions: institutionsOf(draft.institutions) },
        }),
      ),
    onSuccess: () => {
      setDraft({ schoolYear: '', deadline: '', institutions: '' });
      void queryClient.invalidateQueries({ queryKey: ['survey', 'campaigns'] });
    },
  });
  // The institutions' messages name a line each, beside the one field they were typed in.
  const institutionErrors =
    open.error instanceof ApiProblem
      ? open.error.errors
          .filter((p) => p.path.startsWith('institutions'))
          .map((p) => (lineOf(p.path) ? t('survey.ust.line', { line: lineOf(p.path), message: p.message }) : p.message))
      : [];
  const shown =
    open.error instanceof ApiProblem ? ['schoolYear', 'deadline', ...open.error.errors.map((p) => p.path).filter((p) => p.startsWith('institutions'))] : [];
  function submit(event: FormEvent) {
    event.preventDefault();
    open.mutate();
  }
  return (
    <section aria-labelledby="open-heading" className="mt-5">
      <h2 id="open-heading" className="h4">
        {t('survey.ust.open')}
      </h2>
      {open.isSuccess ? (
        <div role="status">
          <Alert color="success">{t('survey.ust.opened', { year: open.data.schoolYear, count: open.data.institutionCount })}</Alert>
        </div>
      ) : null}
      <form noValidate onSubmit={submit}>
        <ProblemSummary error={open.error} fields={shown} />
        <div className="row pt-2">
          <div className="col-12 col-md-6">
            <TextField
              label={t('survey.ust.year')}
              name="schoolYear"
              type="text"
              hint={t('survey.ust.yearHint')}
              value={draft.schoolYear}
              onChange={(e) => setDraft({ ...draft, schoolYear: e.target.value })}
              errors={errorsFor(open.error, 'schoolYear')}
            />
          </div>
          <div className="col-12 col-md-6">
            <TextField
              label={t('survey.ust.deadline')}
              name="deadline"
              type="date"
              value={draft.deadline}
              onChange={(e) => setDraft({ ...draft, deadline: e.target.value })}
              errors={errorsFor(open.error, 'deadline')}
            />
          </div>
          <div className="col-12">
            <TextAreaField
              label={t('survey.ust.institutionsField')}
              name="institutions"
              rows={6}
              hint={t('survey.ust.institutionsHint')}
              value={draft.institutions}
              onChange={(e) => setDraft({ ...draft, institutions: e.target.value })}
              errors={institutionErrors}
            />
          </div>
        </div>
        <Button color="primary" type="submit" disabled={open.isPending}>
          {t('survey.ust.openButton')}
        </Button>
      </form>
    </section>
  );
}
