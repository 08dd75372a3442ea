import { useTranslation } from 'react-i18next';

/** Dates and times in the reader's language; a dash when there is none. */
export function useFormat(): { date: (iso?: string | null) => string; dateTime: (iso?: string | null) => string } {
  const { i18n } = useTranslation();
  return {
    date: (iso) => (iso ? new Date(iso).toLocaleDateString(i18n.language) : '—'),
    dateTime: (iso) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—'),
  };
}
