import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from 'design-react-kit';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, unwrap, useCan } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ARCHIVE_REASONS, type ArchiveReason, DECLINE_REASONS, type DeclineReason, type ProsecutorFile } from '../api/types';

/**
 * The prosecutor's decisions, each only where the API accepts it (prosecution.rules.ts): a new
 * referral is accepted for examination or declined; an examined one is archived or petitioned.
 */
export function ProsecutorActions({ file, onDone }: { file: ProsecutorFile; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const forms = [
    file.state === 'requested' && can('ProsecutionController_accept') ? <AcceptForm key="accept" id={file.id} onDone={onDone} /> : null,
    file.state === 'requested' && can('ProsecutionController_decline') ? <DeclineForm key="decline" id={file.id} onDone={onDone} /> : null,
    file.state === 'accepted' && can('ProsecutionController_petition') ? <PetitionForm key="petition" id={file.id} onDone={onDone} /> : null,
    file.state === 'accepted' && can('ProsecutionController_archive') ? <ArchiveForm key="archive" id={file.id} onDone={onDone} /> : null,
  ].filter(Boolean);
  if (forms.length === 0) return null;
  return (
    <section aria-labelledby="prosecutor-actions" className="my-4">
      <h2 id="prosecutor-actions" className="h4">
        {t('prosecutorActions.title')}
      </h2>
      <div className="row g-4">{forms}</div>
    </section>
  );
}

function useFileAction<Body>(call: (body: Body) => Promise<unknown>, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      onDone();
      await queryClient.invalidateQueries();
    },
  });
}

function AcceptForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const accept = useFileAction(
    () => unwrap(api.POST('/prosecutor-files/{id}/accept', { params: { path: { id } } })),
    () => onDone(t('prosecutorActions.accepted')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="accept-title"
      onSubmit={(event) => {
        event.preventDefault();
        accept.mutate(undefined);
      }}
    >
      <h3 id="accept-title" className="h5">
        {t('prosecutorActions.acceptTitle')}
      </h3>
      <p>{t('prosecutorActions.acceptHint')}</p>
      <ProblemSummary error={accept.error} />
      <Button type="submit" color="primary" disabled={accept.isPending}>
        {t('prosecutorActions.accept')}
      </Button>
    </form>
  );
}

function DeclineForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const decline = useFileAction(
    (body: { reason: DeclineReason }) => unwrap(api.POST('/prosecutor-files/{id}/decline', { params: { path: { id } }, body })),
    () => onDone(t('prosecutorActions.declined')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="decline-title"
      onSubmit={(event) => {
        event.preventDefault();
        decline.mutate({ reason: reason as DeclineReason });
      }}
    >
      <h3 id="decline-title" className="h5">
        {t('prosecutorActions.declineTitle')}
      </h3>
      <ProblemSummary error={decline.error} fields={['reason']} />
      <SelectField
        label={t('prosecutorActions.declineReason')}
        required
        value={reason}
        placeholder={t('common.choose')}
        options={DECLINE_REASONS.map((value) => ({ value, label: t(`reason.${value}`) }))}
        errors={errorsFor(decline.error, 'reason')}
        onChange={(event) => setReason(event.target.value)}
      />
      <Button type="submit" color="primary" outline disabled={decline.isPending}>
        {t('prosecutorActions.decline')}
      </Button>
    </form>
  );
}

function PetitionForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const petition = useFileAction(
    (body: { note?: string }) => unwrap(api.POST('/prosecutor-files/{id}/petition', { params: { path: { id } }, body })),
    () => onDone(t('prosecutorActions.petitioned')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="petition-title"
      onSubmit={(event) => {
        event.preventDefault();
        petition.mutate(note.trim() ? { note } : {});
      }}
    >
      <h3 id="petition-title" className="h5">
        {t('prosecutorActions.petitionTitle')}
      </h3>
      <p>{t('prosecutorActions.petitionHint')}</p>
      <ProblemSummary error={petition.error} fields={['note']} />
      <TextAreaField
        label={t('prosecutorActions.note')}
        hint={t('prosecutorActions.noteHint')}
        value={note}
        errors={errorsFor(petition.error, 'note')}
        onChange={(event) => setNote(event.target.value)}
      />
      <Button type="submit" color="primary" disabled={petition.isPending}>
        {t('prosecutorActions.petition')}
      </Button>
    </form>
  );
}

function ArchiveForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const archive = useFileAction(
    (body: { reason: ArchiveReason; note?: string }) => unwrap(api.POST('/prosecutor-files/{id}/archive', { params: { path: { id } }, body })),
    () => onDone(t('prosecutorActions.archived')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="archive-title"
      onSubmit={(event) => {
        event.preventDefault();
        archive.mutate({ reason: reason as ArchiveReason, ...(note.trim() ? { note } : {}) });
      }}
    >
      <h3 id="archive-title" className="h5">
        {t('prosecutorActions.archiveTitle')}
      </h3>
      <p>{t('prosecutorActions.archiveHint')}</p>
      <ProblemSummary error={archive.error} fields={['reason', 'note']} />
      <SelectField
        label={t('prosecutorActions.archiveReason')}
        required
        value={reason}
        placeholder={t('common.choose')}
        options={ARCHIVE_REASONS.map((value) => ({ value, label: t(`reason.${value}`) }))}
        errors={errorsFor(archive.error, 'reason')}
        onChange={(event) => setReason(event.target.value)}
      />
      <TextAreaField
        label={t('prosecutorActions.archiveNote')}
        hint={t('prosecutorActions.noteHint')}
        value={note}
        errors={errorsFor(archive.error, 'note')}
        onChange={(event) => setNote(event.target.value)}
      />
      <Button type="submit" color="primary" outline disabled={archive.isPending}>
        {t('prosecutorActions.archive')}
      </Button>
    </form>
  );
}
