import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ApiProblem, CheckboxGroup, errorsFor, ProblemSummary, QueryState, SelectField, TextField, unwrap, useCan, usePageTitle } from '@casenet/ui';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CompletionBadge, LateBadge } from './survey-status';
import type { components } from '../api/schema';
import { type QuestionnaireView, type Track, TRACK_FIGURES, type TrackAnswerView, type TrackFigure, TRACKS, wholeNumber } from './survey.vocabulary';

/** What was typed, as typed: the API alone judges it and names each field it refuses (the forms are `noValidate`). */
type GeneralBody = components['schemas']['GeneralAnswerDto'];
type TrackBody = components['schemas']['TrackAnswerDto'];

const route = getRouteApi('/survey/$campaignId/$code');

/** One institution's questionnaire: part 1, then part 2 for each track part 1 declares. */
export function QuestionnaireScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.questionnaire.title'));
  const { campaignId, code } = route.useParams();
  const questionnaire = useQuery({
    queryKey: ['survey', 'questionnaire', campaignId, code],
    queryFn: () => unwrap(api.GET('/survey/campaigns/{campaignId}/questionnaires/{code}', { params: { path: { campaignId, code } } })),
  });
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <>
      <p>
        <Link to="/survey">{t('survey.questionnaire.back')}</Link>
      </p>
      <h1 className="h2">{t('survey.questionnaire.title')}</h1>
      {questionnaire.error instanceof ApiProblem && questionnaire.error.status !== 500 ? (
        <Alert color="warning">{questionnaire.error.detail}</Alert>
      ) : (
        <QueryState query={questionnaire}>
          {(q) => (
            <>
              <dl className="row">
                <div className="col-12 col-md-6 mb-2">
                  <dt>{t('survey.questionnaire.institution')}</dt>
                  <dd className="mb-0">
                    {q.institution.name} ({q.institution.answerCode})
                  </dd>
                </div>
                <div className="col-12 col-md-3 mb-2">
                  <dt>{t('survey.questionnaire.year')}</dt>
                  <dd className="mb-0">{q.schoolYear}</dd>
                </div>
                <div className="col-12 col-md-3 mb-2">
                  <dt>{t('survey.questionnaire.status')}</dt>
                  <dd className="mb-0">
                    <CompletionBadge status={q.status} />
                  </dd>
                </div>
              </dl>
              <p>
                {t('survey.deadline', { date: new Date(`${q.deadline}T12:00:00Z`).toLocaleDateString(i18n.language) })}
                {q.deadlinePassed ? ` · ${t('survey.questionnaire.deadlinePassed')}` : ''}
              </p>
              {q.reminders.length > 0 ? (
                <section aria-labelledby="reminders-heading" className="mb-4">
                  <h2 id="reminders-heading" className="h5">
                    {t('survey.questionnaire.reminders')}
                  </h2>
                  <ul>
                    {q.reminders.map((r) => (
                      <li key={r.daysBefore}>
                        {t('survey.questionnaire.reminder', {
                          days: r.daysBefore,
                          at: when(r.remindedAt),
                          missing: r.missing.map((m) => (m === 'general' ? t('survey.part1.title') : t(`survey.track.${m}`))).join(', '),
                        })}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              <GeneralForm questionnaire={q} />
              <h2 className="h4 mt-5">{t('survey.part2.title')}</h2>
              {q.general ? (
                q.general.tracks.map((track) => (
                  <TrackForm key={track} questionnaire={q} track={track as Track} answer={q.tracks.find((a) => a.track === track)} />
                ))
              ) : (
                <Alert color="info">{t('survey.part2.afterPart1')}</Alert>
              )}
            </>
          )}
        </QueryState>
      )}
    </>
  );
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

function GeneralForm({ questionnaire: q }: { questionnaire: QuestionnaireView }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => ({
    sites: text(q.general?.sites),
    studentsEnrolled: text(q.general?.studentsEnrolled),
    tracks: (q.general?.tracks ?? []) as string[],
    dropoutReferent: q.general ? String(q.general.dropoutReferent) : '',
    listeningDesk: q.general ? String(q.general.listeningDesk) : '',
  }));
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/survey/campaigns/{campaignId}/questionnaires/{code}/general', {
          params: { path: { campaignId: q.campaignId, code: q.institution.answerCode } },
          // Typed values go as typed: the API names what is wrong with each, beside its field.
          body: {
            sites: wholeNumber(draft.sites),
            studentsEnrolled: wholeNumber(draft.studentsEnrolled),
            tracks: draft.tracks as GeneralBody['tracks'],
            dropoutReferent: draft.dropoutReferent === '' ? '' : draft.dropoutReferent === 'true',
            listeningDesk: draft.listeningDesk === '' ? '' : draft.listeningDesk === 'true',
          } as GeneralBody,
        }),
      ),
    onSuccess: (view) => queryClient.setQueryData(['survey', 'questionnaire', q.campaignId, q.institution.answerCode], view),
  });
  const errors = (path: string) => errorsFor(send.error, path);
  const yesNo = [
    { value: 'true', label: t('survey.yes') },
    { value: 'false', label: t('survey.no') },
  ];
  const allowed = can('SurveyAnswersController_general');
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }
  return (
    <section aria-labelledby="part1-heading">
      <h2 id="part1-heading" className="h4">
        {t('survey.part1.title')}
      </h2>
      {q.general ? (
        <p className="small">
          {t('survey.answeredAt', { at: new Date(q.general.answeredAt).toLocaleString(i18n.language) })} <LateBadge late={q.general.late} />
        </p>
      ) : null}
      <form noValidate onSubmit={submit}>
        <ProblemSummary error={send.error} fields={['sites', 'studentsEnrolled', 'tracks', 'dropoutReferent', 'listeningDesk']} />
        <fieldset disabled={!allowed}>
          <legend className="visually-hidden">{t('survey.part1.title')}</legend>
          <div className="row pt-2">
            {(['sites', 'studentsEnrolled'] as const).map((field) => (
              <div className="col-12 col-md-6" key={field}>
                <TextField
                  label={t(`survey.part1.${field}`)}
                  name={field}
                  type="text"
                  inputMode="numeric"
                  value={draft[field]}
                  onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                  errors={errors(field)}
                />
              </div>
            ))}
            <div className="col-12 col-md-6">
              <CheckboxGroup
                legend={t('survey.part1.tracks')}
                options={TRACKS.map((track) => ({ value: track, label: t(`survey.track.${track}`) }))}
                value={draft.tracks}
                onChange={(tracks) => setDraft({ ...draft, tracks })}
                errors={errors('tracks')}
              />
            </div>
            <div className="col-12 col-md-6">
              <SelectField
                label={t('survey.part1.dropoutReferent')}
                name="dropoutReferent"
                value={draft.dropoutReferent}
                placeholder={t('survey.choose')}
                options={yesNo}
                onChange={(e) => setDraft({ ...draft, dropoutReferent: e.target.value })}
                errors={errors('dropoutReferent')}
              />
              <SelectField
                label={t('survey.part1.listeningDesk')}
                name="listeningDesk"
                value={draft.listeningDesk}
                placeholder={t('survey.choose')}
                options={yesNo}
                onChange={(e) => setDraft({ ...draft, listeningDesk: e.target.value })}
                errors={errors('listeningDesk')}
              />
            </div>
          </div>
          {allowed ? (
            <Button color="primary" type="submit" disabled={send.isPending}>
              {q.general ? t('survey.part1.correct') : t('survey.part1.send')}
            </Button>
          ) : null}
        </fieldset>
        {send.isSuccess ? (
          <p role="status" className="mt-2">
            {t('survey.saved')}
          </p>
        ) : null}
      </form>
    </section>
  );
}

function TrackForm({ questionnaire: q, track, answer }: { questionnaire: QuestionnaireView; track: Track; answer?: TrackAnswerView }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Record<TrackFigure, string>>(
    () => Object.fromEntries(TRACK_FIGURES.map((f) => [f, text(answer?.[f])])) as Record<TrackFigure, string>,
  );
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/survey/campaigns/{campaignId}/questionnaires/{code}/tracks/{track}', {
          params: { path: { campaignId: q.campaignId, code: q.institution.answerCode, track } },
          body: Object.fromEntries(TRACK_FIGURES.map((f) => [f, wholeNumber(draft[f])])) as TrackBody,
        }),
      ),
    onSuccess: (view) => queryClient.setQueryData(['survey', 'questionnaire', q.campaignId, q.institution.answerCode], view),
  });
  const allowed = can('SurveyAnswersController_track');
  const headingId = `track-${track}-heading`;
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }
  return (
    <section aria-labelledby={headingId} className="mb-4">
      <h3 id={headingId} className="h5">
        {t('survey.part2.track', { track: t(`survey.track.${track}`) })}
      </h3>
      {answer ? (
        <p className="small">
          {t('survey.answeredAt', { at: new Date(answer.answeredAt).toLocaleString(i18n.language) })} <LateBadge late={answer.late} />
        </p>
      ) : null}
      <p className="small text-secondary">{t('survey.part2.hint')}</p>
      <form noValidate onSubmit={submit}>
        <ProblemSummary error={send.error} fields={[...TRACK_FIGURES]} />
        <fieldset disabled={!allowed}>
          <legend className="visually-hidden">{t('survey.part2.track', { track: t(`survey.track.${track}`) })}</legend>
          <div className="row pt-2">
            {TRACK_FIGURES.map((figure) => (
              <div className="col-12 col-md-4" key={figure}>
                <TextField
                  label={t(`survey.figure.${figure}`)}
                  name={`${track}-${figure}`}
                  type="text"
                  inputMode="numeric"
                  value={draft[figure]}
                  onChange={(e) => setDraft({ ...draft, [figure]: e.target.value })}
                  errors={errorsFor(send.error, figure)}
                />
              </div>
            ))}
          </div>
          {allowed ? (
            <Button color="primary" type="submit" disabled={send.isPending}>
              {answer ? t('survey.part2.correct', { track: t(`survey.track.${track}`) }) : t('survey.part2.send', { track: t(`survey.track.${track}`) })}
            </Button>
          ) : null}
        </fieldset>
        {send.isSuccess ? (
          <p role="status" className="mt-2">
            {t('survey.saved')}
          </p>
        ) : null}
      </form>
    </section>
  );
}
