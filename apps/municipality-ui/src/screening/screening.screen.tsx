import { useQuery } from '@tanstack/react-query';
import { NewBadge, PagerNav, QueryState, unwrap, useLastLooked, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { read, type School, type Screening } from '../api/types';
import { useDate, useLabel } from '../shared/labels';
import { DecisionPanel } from './decision.panel';

const LIMIT = 20;

/** The screening queue: reports waiting for the unit's first decision, oldest first. */
export function ScreeningScreen() {
  const { t } = useTranslation();
  const label = useLabel();
  const date = useDate();
  usePageTitle(t('screening.title'));
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const isNew = useLastLooked('municipality', 'screening');
  const queue = useQuery({
    queryKey: ['screening', offset],
    queryFn: () => unwrap(api.GET('/screening/queue', { params: { query: { limit: LIMIT, offset } } })),
  });
  return (
    <>
      <h1 className="h2">{t('screening.title')}</h1>
      <p>{t('screening.intro')}</p>
      <QueryState query={queue} isEmpty={(page) => page.items.length === 0} empty={t('screening.empty')}>
        {(page) => (
          <>
            <table className="table align-middle">
              <caption className="visually-hidden">{t('screening.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('case.caseref')}</th>
                  <th scope="col">{t('case.school')}</th>
                  <th scope="col">{t('screening.flags')}</th>
                  <th scope="col">{t('screening.suggestion')}</th>
                  <th scope="col">{t('case.openedAt')}</th>
                  <th scope="col">{t('screening.decide')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => {
                  const screening = read<Screening>(item.screening);
                  return (
                    <tr key={item.caseref}>
                      <td>
                        <span className="font-monospace small text-nowrap">{item.caseref}</span> <NewBadge show={isNew(item.openedAt)} />
                      </td>
                      <td>{read<School>(item.school)?.name ?? '—'}</td>
                      <td>{screening?.flags.length ? screening.flags.map((flag) => label('flag', flag)).join(', ') : t('screening.noFlags')}</td>
                      <td>{label('suggestion', screening?.suggestion)}</td>
                      <td>{date(item.openedAt)}</td>
                      <td>
                        <Button
                          color="primary"
                          outline
                          size="sm"
                          aria-expanded={selected === item.caseref}
                          aria-controls="screening-decision"
                          aria-label={t('screening.decideOn', { caseref: item.caseref })}
                          onClick={() => setSelected(item.caseref)}
                        >
                          {t('screening.decide')}
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
      {/* Outside the list: the decision's outcome stays on screen when it empties the queue. */}
      {selected ? (
        <DecisionPanel
          key={selected}
          item={queue.data?.items.find((item) => item.caseref === selected) ?? null}
          caseref={selected}
          onDone={() => setSelected(null)}
        />
      ) : null}
    </>
  );
}
