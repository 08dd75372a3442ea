import { DeadlineBadge } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/types';
import { useDate, useLabel } from '../shared/labels';
import { CaseWebLegend, CaseWebPicture } from './case-web.picture';
import { webOf } from './web-model';

/** The web of referrals: the picture, its legend, and the same facts as a table. */
export function CaseWebSection({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const label = useLabel();
  const date = useDate();
  const nodes = webOf(view);
  const summary = nodes.length
    ? t('web.summary', {
        caseref: view.caseref,
        count: nodes.length,
        list: nodes.map((n) => `${t(`web.node.${n.agency}`)}: ${label(n.stateGroup, n.state)}${n.overdue ? ` (${t('web.overdue')})` : ''}`).join('; '),
      })
    : t('web.none', { caseref: view.caseref });
  return (
    <section aria-labelledby="web-title" className="my-4">
      <h2 id="web-title" className="h4">
        {t('web.title')}
      </h2>
      <CaseWebPicture caseref={view.caseref} nodes={nodes} summary={summary} />
      <CaseWebLegend />
      {nodes.length ? (
        <table className="table table-sm">
          <caption>{t('web.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.agency')}</th>
              <th scope="col">{t('web.reason')}</th>
              <th scope="col">{t('web.state')}</th>
              <th scope="col">{t('web.deadline')}</th>
              <th scope="col">{t('web.since')}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.id}>
                <td>{t(`web.node.${n.agency}`)}</td>
                <td>{n.reason ? label(n.agency === 'mandate' ? 'order' : 'reason', n.reason) : '—'}</td>
                <td>{label(n.stateGroup, n.state)}</td>
                <td>{n.overdue || n.dueAt ? <DeadlineBadge dueAt={n.dueAt} overdue={n.overdue} /> : '—'}</td>
                <td>{date(n.since)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-secondary">{t('web.none', { caseref: view.caseref })}</p>
      )}
    </section>
  );
}
