import { useTranslation } from 'react-i18next';

/** Enum groups with a label for every value in both languages (`enum.<group>.<value>` in src/i18n). */
export type EnumGroup =
  | 'caseState'
  | 'kind'
  | 'concern'
  | 'careLevel'
  | 'wayIn'
  | 'citizenship'
  | 'agency'
  | 'referralState'
  | 'stage'
  | 'mandateState'
  | 'order'
  | 'deadlineKind'
  | 'screeningClosure'
  | 'caseClosure'
  | 'withdrawal'
  | 'flag'
  | 'suggestion'
  | 'grounds'
  | 'mandateReport'
  | 'signalKind'
  | 'category'
  | 'schoolLevel'
  | 'historyAction'
  | 'reason'
  | 'outcome'
  | 'declineReason';

/** The label of a code, never the raw code alone: an unknown code shows as itself beside a generic word. */
export function useLabel(): (group: EnumGroup, value: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (group, value) => {
    if (value === null || value === undefined || value === '') return '—';
    const key = `enum.${group}.${value}`;
    return i18n.exists(key) ? t(key) : t('enum.unknown', { code: value });
  };
}

export function useOptions(): (group: EnumGroup, values: readonly string[]) => { value: string; label: string }[] {
  const label = useLabel();
  return (group, values) => values.map((value) => ({ value, label: label(group, value) }));
}

export function useDate(): (iso: string | null | undefined, withTime?: boolean) => string {
  const { i18n } = useTranslation();
  return (iso, withTime = false) => {
    if (!iso) return '—';
    const date = new Date(iso);
    return withTime ? date.toLocaleString(i18n.language) : date.toLocaleDateString(i18n.language);
  };
}
