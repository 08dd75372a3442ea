import { useQuery } from '@tanstack/react-query';
import { QueryState, SelectField, unwrap, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { OsservatorioTable } from '../api/types';
import { BarChart } from './osservatorio.chart';
import { useOsservatorioLabels } from './osservatorio.labels';

/** The few columns each kind of table is pictured by; the table below it shows them all. */
const CHART_SERIES: Record<string, readonly string[]> = {
  funnel: ['reported', 'forwarded_police', 'taken_in_charge', 'returned_to_class'],
  care: ['cases', 'in_care', 'level_ii'],
  referrals: ['requested', 'accepted', 'declined', 'completed', 'withdrawn'],
  deadlines: ['scheduled', 'met', 'breached', 'cancelled'],
};

function save(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The Osservatorio: a year's anonymised tables, each as a chart and as a table, to read or download. */
export function OsservatorioScreen() {
  const { t } = useTranslation();
  usePageTitle(t('osservatorio.title'));
  const years = useQuery({ queryKey: ['osservatorio', 'years'], queryFn: () => unwrap(api.GET('/osservatorio/years')) });
  const [picked, setPicked] = useState('');
  const year = picked || years.data?.years[0] || '';
  const tables = useQuery({
    queryKey: ['osservatorio', 'tables', year],
    enabled: year !== '',
    queryFn: () => unwrap(api.GET('/osservatorio/tables', { params: { query: { schoolYear: year } } })),
  });
  const threshold = tables.data?.[0]?.threshold ?? 5;
  return (
    <>
      <h1 className="h2">{t('osservatorio.title')}</h1>
      <p>{t('osservatorio.intro', { threshold })}</p>
      <QueryState query={years} isEmpty={(data) => data.years.length === 0} empty={t('osservatorio.noYears')}>
        {(data) => (
          <>
            <form className="row g-3 align-items-end" onSubmit={(event) => event.preventDefault()}>
              <div className="col-md-3">
                <SelectField
                  label={t('osservatorio.year')}
                  value={year}
                  options={data.years.map((y) => ({ value: y, label: y }))}
                  onChange={(event) => setPicked(event.target.value)}
                />
              </div>
            </form>
            <p className="small">{t('osservatorio.suppressedLegend', { threshold })}</p>
            <QueryState query={tables} isEmpty={(list) => list.length === 0} empty={t('osservatorio.noYears')}>
              {(list) => (
                <>
                  {list.map((table) => (
                    <TableSection key={table.key} table={table} year={year} funnel={table.key === 'funnel.by-level'} />
                  ))}
                </>
              )}
            </QueryState>
          </>
        )}
      </QueryState>
    </>
  );
}

function TableSection({ table, year, funnel }: { table: OsservatorioTable; year: string; funnel: boolean }) {
  const { t } = useTranslation();
  const label = useOsservatorioLabels();
  const [failed, setFailed] = useState(false);
  const title = label.table(table.key);
  const family = table.key.split('.')[0] ?? '';
  const series = (CHART_SERIES[family] ?? table.columns).filter((c) => table.columns.includes(c));
  const file = `osservatorio-${table.key}-${year.replace('/', '-')}`;
  const headingId = `table-${table.key.replace(/\W/g, '-')}`;
  async function downloadCsv() {
    setFailed(false);
    const { data, response } = await api.GET('/osservatorio/tables/{key}', {
      params: { path: { key: table.key }, query: { schoolYear: year, format: 'csv' } },
      parseAs: 'text',
    });
    if (!response.ok || typeof data !== 'string') return setFailed(true);
    save(`${file}.csv`, 'text/csv', data);
  }
  const mark = t('osservatorio.suppressedMark');
  return (
    <section className="mt-5" aria-labelledby={headingId}>
      <h2 className="h4" id={headingId}>
        {title}
      </h2>
      {funnel ? (
        <BarChart
          title={t('osservatorio.chartTotals')}
          series={[t('osservatorio.total')]}
          groups={table.columns.map((column) => ({ label: label.column(column), values: [table.total[column] ?? null] }))}
          suppressedLabel={t('osservatorio.suppressedCell')}
          mark={mark}
        />
      ) : null}
      <BarChart
        title={t('osservatorio.chart', { title })}
        series={series.map((c) => label.column(c))}
        groups={table.rows.map((row) => ({ label: label.row(row), values: series.map((c) => table.cells[row]?.[c] ?? null) }))}
        suppressedLabel={t('osservatorio.suppressedCell')}
        mark={mark}
      />
      {/* A wide table scrolls sideways: keyboard users reach it with Tab and scroll it with the arrows. */}
      <div className="table-responsive" tabIndex={0} role="group" aria-label={t('osservatorio.tableScroll', { title })}>
        <table className="table table-sm table-bordered">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{label.breakdown(table.key)}</th>
              {table.columns.map((column) => (
                <th scope="col" key={column} className="small">
                  {label.column(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row}>
                <th scope="row">{label.row(row)}</th>
                {table.columns.map((column) => {
                  const value = table.cells[row]?.[column];
                  return (
                    <td key={column} className="text-end">
                      {value === null || value === undefined ? (
                        <abbr title={t('osservatorio.suppressedCell')} className="fw-semibold text-decoration-none">
                          {mark}
                        </abbr>
                      ) : (
                        value
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('osservatorio.total')}</th>
              {table.columns.map((column) => (
                <td key={column} className="text-end fw-semibold">
                  {table.total[column] ?? (
                    <abbr title={t('osservatorio.suppressedCell')} className="fw-semibold text-decoration-none">
                      {mark}
                    </abbr>
                  )}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="d-flex gap-2">
        <Button color="primary" outline size="sm" onClick={() => void downloadCsv()} aria-describedby={headingId}>
          {t('osservatorio.downloadCsv')}
        </Button>
        <Button
          color="primary"
          outline
          size="sm"
          onClick={() => save(`${file}.json`, 'application/json', JSON.stringify(table, null, 2))}
          aria-describedby={headingId}
        >
          {t('osservatorio.downloadJson')}
        </Button>
      </div>
      {failed ? (
        <p role="alert" className="text-danger small mt-2">
          {t('osservatorio.downloadFailed')}
        </p>
      ) : null}
    </section>
  );
}
