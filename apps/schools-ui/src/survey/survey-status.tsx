import { Badge } from 'design-react-kit';
import { useTranslation } from 'react-i18next';

/** Answered, late, partial or missing, in words and colour (the words carry the meaning). */
export function CompletionBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'answered' ? 'success' : status === 'late' ? 'warning' : status === 'partial' ? 'info' : 'secondary';
  return <Badge color={color}>{t(`survey.status.${status}`)}</Badge>;
}

/** The late flag beside an answer recorded after the deadline. */
export function LateBadge({ late }: { late: boolean }) {
  const { t } = useTranslation();
  return late ? <Badge color="warning">{t('survey.late')}</Badge> : null;
}
