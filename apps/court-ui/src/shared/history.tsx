import { StatusTimeline } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../api/types';

/** A file's steps in words: the action, who took it, and the codes it carried (reason, docket, order). */
export function History({ entries }: { entries: readonly HistoryEntry[] }) {
  const { t } = useTranslation();
  const detail = (entry: HistoryEntry): string => {
    const codes = entry.detail as Record<string, unknown>;
    const parts = [t('history.by', { actor: entry.actor })];
    if (typeof codes.docket === 'string') parts.push(t('history.docket', { docket: codes.docket }));
    if (typeof codes.reason === 'string') parts.push(t(`reason.${codes.reason}`, { defaultValue: codes.reason }));
    if (typeof codes.order === 'string') parts.push(t(`outcome.${codes.order}`, { defaultValue: codes.order }));
    if (typeof codes.to === 'string' && entry.action === 'assigned') parts.push(t('history.assignee', { assignee: codes.to }));
    return parts.join(' · ');
  };
  return (
    <section className="mt-4">
      <h2 className="h4">{t('history.title')}</h2>
      <StatusTimeline
        title={t('history.title')}
        entries={entries.map((entry) => ({
          at: entry.at,
          label: t(`history.action.${entry.action}`, { defaultValue: t('common.unknownCode', { code: entry.action }) }),
          detail: detail(entry),
        }))}
      />
    </section>
  );
}
