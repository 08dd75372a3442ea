import { Badge } from 'design-react-kit';
import { useTranslation } from 'react-i18next';

const COLOR: Record<string, string> = {
  requested: 'warning',
  accepted: 'info',
  in_progress: 'primary',
  completed: 'success',
  declined: 'secondary',
  withdrawn: 'secondary',
};

/** A state in words, under the desk's own names for it (`prosecutorState`, `proceedingState`, `investigationState`). */
export function StateBadge({ scope, state }: { scope: 'prosecutorState' | 'proceedingState' | 'investigationState'; state: string }) {
  const { t } = useTranslation();
  return <Badge color={COLOR[state] ?? 'secondary'}>{t(`${scope}.${state}`, { defaultValue: t('common.unknownCode', { code: state }) })}</Badge>;
}
