import type { Option } from '@casenet/ui';
import { useTranslation } from 'react-i18next';

/** Options of an API enum, labelled from one i18n group (`kind.absence`, `status.received`…): never a raw code alone. */
export function useOptions(): (group: string, values: readonly string[]) => Option[] {
  const { t } = useTranslation();
  return (group, values) => values.map((value) => ({ value, label: t(`${group}.${value}`) }));
}

/** An enum value's label, or the code itself when the i18n file lacks it (a newer API), so nothing shows blank. */
export function useLabel(): (group: string, value: string | null | undefined, fallback?: string) => string {
  const { t } = useTranslation();
  return (group, value, fallback = '') => (value ? t(`${group}.${value}`, { defaultValue: value }) : fallback);
}
