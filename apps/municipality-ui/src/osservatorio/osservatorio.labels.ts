import { useTranslation } from 'react-i18next';

/** Italian and English names of the Osservatorio's keys: the API publishes keys only. */
export function useOsservatorioLabels() {
  const { t, i18n } = useTranslation();
  const known = (key: string, fallback: string) => (i18n.exists(key) ? t(key) : fallback);
  return {
    table: (key: string) => known(`osservatorio.table.${key}`, key),
    breakdown: (key: string) => known(`osservatorio.breakdown.${key}`, key),
    row: (row: string) =>
      /^[1-9]$/.test(row) ? t('osservatorio.row.municipio', { n: row }) : known(`osservatorio.row.${row}`, known(`enum.deadlineKind.${row}`, row)),
    column: (column: string) => {
      const programme = /^programme_(.+)$/.exec(column)?.[1];
      if (programme) return t('osservatorio.column.programme', { name: known(`osservatorio.programmes.${programme}`, programme) });
      return known(`osservatorio.column.${column}`, column);
    },
  };
}
