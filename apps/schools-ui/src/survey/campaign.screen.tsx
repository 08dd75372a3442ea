import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ApiProblem, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { Alert, Badge, Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CompletionBadge } from './survey-status';
import { AREAS, type AggregatesView, TRACK_FIGURES, TRACKS } from './survey.vocabulary';

const route = getRouteApi('/ust/$campaignId');

/** The UST's follow-up of one campaign: who answered, who is late or missing, who was reminded; then the aggregates. */
export function CampaignScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.campaign.title'));
  const { campaignId } = route.useParams();
  const completion = useQuery({
    queryKey: ['survey', 'completion', campaignId],
    queryFn: () => unwrap(api.GET('/survey/campaigns/{campaignId}/completion', { params: { path: { campaignId } } })),
  });
  const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  return (
    <>
      <p>
        <Link to="/ust">{t('survey.campaign.back')}</Link>
      </p>
      <QueryState query={completion}>
        {(c) => (
          <>
            <h1 className="h2">{t('survey.campaign.heading', { year: c.schoolYear })}</h1>
            <p>
              {t('survey.deadline', { date: new Date(`${c.deadline}T12:00:00Z`).toLocaleDateString(i18n.language) })}
              {c.deadlinePassed ? ` · ${t('survey.questionnaire.deadlinePassed')}` : ''}
            </p>
            <h2 className="h4">{t('survey.campaign.completion')}</h2>
            <p>{t('survey.campaign.counts', c.counts)}</p>
            <div className="table-responsive">
              <table className="table">
                <caption className="visually-hidden">{t('survey.campaign.completion')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('survey.campaign.institution')}</th>
                    <th scope="col">{t('survey.campaign.area')}</th>
                    <th scope="col">{t('survey.campaign.status')}</th>
                    <th scope="col">{t('survey.campaign.completedAt')}</th>
                    <th scope="col">{t('survey.campaign.reminded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.institutions.map((i) => (
                    <tr key={i.institution.answerCode}>
                      <th scope="row" className="fw-normal">
                        {i.institution.name} ({i.institution.answerCode})
                      </th>
                      <td>{t(`survey.area.${i.institution.area}`)}</td>
                      <td>
                        <CompletionBadge status={i.status} />
                        {i.overdue ? (
                          <Badge color="danger" className="ms-1">
                            {t('survey.campaign.overdue')}
                          </Badge>
                        ) : null}
                      </td>
                      <td>{when(i.completedAt)}</td>
                      <td>
                        {i.reminders.length > 0
                          ? i.reminders.map((r) => t('survey.campaign.reminder', { days: r.daysBefore, at: when(r.remindedAt) })).join('; ')
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Aggregates campaignId={campaignId} />
          </>
        )}
      </QueryState>
    </>
  );
}

/** Each export is a release: it is read only when the UST asks for it. */
function Aggregates({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const [asked, setAsked] = useState(false);
  const [csvError, setCsvError] = useState<string | null>(null);
  const aggregates = useQuery({
    queryKey: ['survey', 'aggregates', campaignId],
    queryFn: () => unwrap(api.GET('/survey/campaigns/{campaignId}/aggregates', { params: { path: { campaignId } } })),
    enabled: asked,
  });
  async function download() {
    setCsvError(null);
    const { data, error } = await api.GET('/survey/campaigns/{campaignId}/aggregates.csv', { params: { path: { campaignId } }, parseAs: 'text' });
    if (error !== undefined || typeof data !== 'string') {
      setCsvError(t('survey.aggregates.csvFailed'));
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([data], { type: 'text/csv' }));
    link.download = 'rilevazione-dispersione.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  }
  return (
    <section aria-labelledby="aggregates-heading" className="mt-5">
      <h2 id="aggregates-heading" className="h4">
        {t('survey.aggregates.title')}
      </h2>
      <p>{t('survey.aggregates.intro')}</p>
      <Button color="primary" onClick={() => (asked ? void aggregates.refetch() : setAsked(true))}>
        {t('survey.aggregates.show')}
      </Button>
      {asked ? (
        aggregates.error instanceof ApiProblem ? (
          <Alert color="warning">{aggregates.error.detail}</Alert>
        ) : (
          <QueryState query={aggregates}>
            {(a) => (
              <>
                <p className="mt-3" role="status">
                  {a.releasedAt
                    ? t('survey.aggregates.release', { at: new Date(a.releasedAt).toLocaleString(i18n.language), count: a.institutionsReleased })
                    : t('survey.aggregates.none')}
                  {a.pending > 0 ? ` ${t('survey.aggregates.pending', { count: a.pending, min: a.minInstitutions })}` : ''}
                </p>
                {a.table ? (
                  <>
                    <p className="small">{t('survey.aggregates.legend', { threshold: a.threshold, min: a.minInstitutions })}</p>
                    {TRACK_FIGURES.map((figure) => (
                      <FigureTable key={figure} aggregates={a} figure={figure} />
                    ))}
                    <Button color="secondary" outline onClick={() => void download()}>
                      {t('survey.aggregates.csv')}
                    </Button>
                    {csvError ? <Alert color="danger">{csvError}</Alert> : null}
                  </>
                ) : null}
              </>
            )}
          </QueryState>
        )
      ) : null}
    </section>
  );
}

/** One figure by track × area, suppressed cells marked (never a number the release withheld). */
function FigureTable({ aggregates, figure }: { aggregates: AggregatesView; figure: string }) {
  const { t } = useTranslation();
  const table = aggregates.table;
  if (!table) return null;
  const columns = [...AREAS, 'total'].map((area) => `${figure}.${area}`);
  const cell = (row: string, column: string) => {
    const value = table.cells[row]?.[column];
    if (value === null || value === undefined) {
      return (
        <abbr title={t('survey.aggregates.hidden')} className="text-secondary">
          {t('survey.aggregates.suppressed')}
        </abbr>
      );
    }
    return value;
  };
  return (
    <div className="table-responsive mt-3">
      <table className="table table-sm">
        <caption>{t(`survey.figure.${figure}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('survey.aggregates.track')}</th>
            {[...AREAS, 'total'].map((area) => (
              <th scope="col" key={area}>
                {t(`survey.area.${area}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {TRACKS.map((track) => (
            <tr key={track}>
              <th scope="row" className="fw-normal">
                {t(`survey.track.${track}`)}
              </th>
              {columns.map((column) => (
                <td key={column}>{cell(track, column)}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t('survey.aggregates.total')}</th>
            {columns.map((column) => (
              <td key={column} className="fw-semibold">
                {table.total[column] ?? (
                  <abbr title={t('survey.aggregates.hidden')} className="text-secondary">
                    {t('survey.aggregates.suppressed')}
                  </abbr>
                )}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
