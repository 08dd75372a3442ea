import { Badge } from 'design-react-kit';
import { useTranslation } from 'react-i18next';

/** A deadline: red and saying so when passed, otherwise its date. */
export function DeadlineBadge({ dueAt, overdue }: { dueAt?: string | null; overdue?: boolean | null }) {
  const { t, i18n } = useTranslation();
  if (overdue) return <Badge color="danger">{t('badge.overdue')}</Badge>;
  if (!dueAt) return null;
  return <Badge color="secondary">{t('badge.dueOn', { date: new Date(dueAt).toLocaleDateString(i18n.language) })}</Badge>;
}

export function NewBadge({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return show ? <Badge color="primary">{t('badge.new')}</Badge> : null;
}
