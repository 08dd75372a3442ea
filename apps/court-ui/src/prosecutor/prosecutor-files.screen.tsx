import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, NewBadge, PagerNav, QueryState, unwrap, usePageTitle, useLastLooked } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { LOOP_STATES, type LoopState } from '../api/types';
import { Desk } from '../shared/desk';
import { PupilName, When } from '../shared/format';
import { StateBadge } from '../shared/state-badge';
import { WorklistFilter, type WorklistFilterValue } from '../shared/worklist-filter';

const LIMIT = 20;

export function ProsecutorFilesScreen() {
  return (
    <Desk readOperation="ProsecutionController_list">
      <ProsecutorFiles />
    </Desk>
  );
}

function ProsecutorFiles() {
  const { t } = useTranslation();
  usePageTitle(t('prosecutorFiles.title'));
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState<WorklistFilterValue>({ state: '', overdue: false });
  const isNew = useLastLooked('court', 'prosecutor-files');
  const files = useQuery({
    queryKey: ['prosecutor-files', filter, offset],
    queryFn: () =>
      unwrap(
        api.GET('/prosecutor-files', {
          params: { query: { limit: LIMIT, offset, state: (filter.state || undefined) as LoopState | undefined, overdue: filter.overdue || undefined } },
        }),
      ),
  });
  return (
    <>
      <h1 className="h2">{t('prosecutorFiles.title')}</h1>
      <p>{t('prosecutorFiles.intro')}</p>
      <WorklistFilter
        states={LOOP_STATES}
        scope="prosecutorState"
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <QueryState query={files} isEmpty={(page) => page.items.length === 0} empty={t('prosecutorFiles.empty')}>
        {(page) => (
          <>
            <table className="table">
              <caption className="visually-hidden">{t('prosecutorFiles.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.caseref')}</th>
                  <th scope="col">{t('common.pupil')}</th>
                  <th scope="col">{t('common.grounds')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('prosecutorFiles.receivedAt')}</th>
                  <th scope="col">{t('prosecutorFiles.respondBy')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((file) => (
                  <tr key={file.id}>
                    <td>
                      <Link to="/prosecutor/$id" params={{ id: file.id }}>
                        {file.caseref}
                      </Link>{' '}
                      <NewBadge show={isNew(file.updatedAt)} />
                    </td>
                    <td>
                      <PupilName pupil={file.pupil} erased={file.erased} />
                    </td>
                    <td>{file.grounds ? t(`grounds.${file.grounds}`) : '—'}</td>
                    <td>
                      <StateBadge scope="prosecutorState" state={file.state} />
                    </td>
                    <td>
                      <When at={file.receivedAt} />
                    </td>
                    <td>{file.state === 'requested' ? <DeadlineBadge dueAt={file.respondBy} overdue={file.overdue} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PagerNav total={page.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
