import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { unwrap, useCan, usePageTitle, useSessionState } from '@casenet/ui';
import { Alert } from 'design-react-kit';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ReportBody } from './report.draft';
import { ReportForm } from './report.form';

export function NewReportScreen() {
  const { t } = useTranslation();
  usePageTitle(t('reportForm.title'));
  const can = useCan();
  const state = useSessionState();
  const queryClient = useQueryClient();
  const sent = useRef<HTMLDivElement>(null);
  const file = useMutation({
    mutationFn: ({ body }: { body: ReportBody; reset: () => void }) => unwrap(api.POST('/reports', { body })),
    onSuccess: (_report, { reset }) => {
      reset();
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
  });
  // The confirmation takes the focus, so a screen reader says the case reference at once.
  useEffect(() => {
    if (file.isSuccess) sent.current?.focus();
  }, [file.isSuccess, file.data]);
  const schoolCodes = state.status === 'signed-in' ? state.session.schoolCodes : [];

  return (
    <>
      <h1 className="h2">{t('reportForm.title')}</h1>
      {can('ReportsController_file') ? (
        <>
          <p>{t('reportForm.intro')}</p>
          {file.isSuccess ? (
            <div ref={sent} tabIndex={-1} role="status">
              <Alert color="success">
                <p className="fw-semibold mb-2">{t('reportForm.sent', { caseref: file.data.caseref })}</p>
                <Link to="/reports/$reportId" params={{ reportId: file.data.id }}>
                  {t('reportForm.open')}
                </Link>
              </Alert>
            </div>
          ) : null}
          <ReportForm
            schoolCodes={schoolCodes}
            error={file.error}
            pending={file.isPending}
            onKindChange={() => file.reset()}
            onSubmit={(body, reset) => file.mutate({ body, reset })}
          />
        </>
      ) : (
        <Alert color="info">{t('reportForm.notAllowed')}</Alert>
      )}
    </>
  );
}
