import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CompletionBadge } from './survey-status';

/** A school's survey campaigns: the ones addressed to the schools it acts for. */
export function QuestionnairesScreen() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('survey.school.title'));
  const list = useQuery({
    queryKey: ['survey', 'questionnaires'],
    queryFn: () => unwrap(api.GET('/survey/questionnaires', { params: { query: { limit: 50 } } })),
  });
  return (
    <>
      <h1 className="h2">{t('survey.school.title')}</h1>
      <p>{t('survey.school.intro')}</p>
      <QueryState query={list} isEmpty={(page) => page.items.length === 0} empty={t('survey.school.empty')}>
        {(page) => (
          <ul className="list-unstyled">
            {page.items.map((q) => (
              <li key={`${q.campaignId}-${q.institution.answerCode}`} className="mb-3 border-bottom pb-3">
                <h2 className="h5 mb-1">
                  <Link to="/survey/$campaignId/$code" params={{ campaignId: q.campaignId, code: q.institution.answerCode }}>
                    {t('survey.school.campaign', { year: q.schoolYear, name: q.institution.name })}
                  </Link>
                </h2>
                <p className="mb-1">
                  {t('survey.deadline', { date: new Date(`${q.deadline}T12:00:00Z`).toLocaleDateString(i18n.language) })} ·{' '}
                  <CompletionBadge status={q.status} />
                  {q.reminders.length > 0 ? <span className="ms-2">{t('survey.remindersCount', { count: q.reminders.length })}</span> : null}
                </p>
                {q.institution.codes.length > 1 ? (
                  <p className="small mb-0">{t('survey.answerUnder', { code: q.institution.answerCode, codes: q.institution.codes.join(', ') })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
