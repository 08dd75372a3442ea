import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DeadlineBadge, QueryState, unwrap, usePageTitle } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ProsecutorFile } from '../api/types';
import { Desk } from '../shared/desk';
import { Facts, PupilName, pupilDetails, When } from '../shared/format';
import { History } from '../shared/history';
import { StateBadge } from '../shared/state-badge';
import { ProsecutorActions } from './prosecutor-actions.form';

export function ProsecutorFileScreen({ id }: { id: string }) {
  return (
    <Desk readOperation="ProsecutionController_get">
      <ProsecutorFileView id={id} />
    </Desk>
  );
}

function ProsecutorFileView({ id }: { id: string }) {
  const { t } = useTranslation();
  usePageTitle(t('prosecutorFile.title'));
  const [done, setDone] = useState('');
  const file = useQuery({ queryKey: ['prosecutor-file', id], queryFn: () => unwrap(api.GET('/prosecutor-files/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link to="/prosecutor">{t('prosecutorFile.back')}</Link>
      </p>
      <h1 className="h2">{t('prosecutorFile.title')}</h1>
      <p role="status" className={done ? 'alert alert-success' : 'visually-hidden'}>
        {done}
      </p>
      <QueryState query={file}>
        {(data) => (
          <>
            <FileFacts file={data} />
            <ProsecutorActions file={data} onDone={setDone} />
            <History entries={data.history} />
          </>
        )}
      </QueryState>
    </>
  );
}

function FileFacts({ file }: { file: ProsecutorFile }) {
  const { t } = useTranslation();
  const pupil = pupilDetails(file.pupil);
  const school = (file.school ?? {}) as { name?: string; code?: string };
  return (
    <section aria-labelledby="file-facts">
      <h2 id="file-facts" className="h4">
        {file.caseref} <StateBadge scope="prosecutorState" state={file.state} />{' '}
        {file.state === 'requested' ? <DeadlineBadge dueAt={file.respondBy} overdue={file.overdue} /> : null}
      </h2>
      <Facts
        rows={[
          [t('common.pupil'), <PupilName key="p" pupil={file.pupil} erased={file.erased} />],
          [t('common.taxCode'), pupil.taxCode],
          [t('common.birthDate'), pupil.birthDate],
          [t('common.grounds'), file.grounds ? t(`grounds.${file.grounds}`) : null],
          [t('common.school'), school.name ? `${school.name} (${school.code ?? ''})` : null],
          [
            t('common.verificationOutcome'),
            file.verificationOutcome ? t(`verification.${file.verificationOutcome}`, { defaultValue: file.verificationOutcome }) : null,
          ],
          [t('common.programme'), file.programme],
          [t('common.receivedAt'), <When key="r" at={file.receivedAt} />],
          [t('prosecutorFile.petitionedAt'), file.petitionedAt ? <When key="pa" at={file.petitionedAt} /> : null],
          [t('common.closedAt'), file.closedAt ? <When key="c" at={file.closedAt} /> : null],
          [t('prosecutorFile.declineReason'), file.declineReason ? t(`reason.${file.declineReason}`) : null],
          [t('prosecutorFile.archiveReason'), file.archiveReason ? t(`reason.${file.archiveReason}`) : null],
          [t('common.outcome'), file.outcome ? t(`outcome.${file.outcome}`) : null],
        ]}
      />
      {file.notes ? (
        <>
          <h3 className="h5">{t('common.municipalityNotes')}</h3>
          <p>{file.notes}</p>
        </>
      ) : null}
      {file.prosecutorNote ? (
        <>
          <h3 className="h5">{t('prosecutorFile.note')}</h3>
          <p>{file.prosecutorNote}</p>
        </>
      ) : null}
      {file.state === 'in_progress' || (file.state === 'completed' && file.outcome !== 'archived') ? <p>{t('prosecutorFile.beforeCourt')}</p> : null}
    </section>
  );
}
