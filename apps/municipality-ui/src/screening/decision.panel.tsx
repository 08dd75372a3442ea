import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorsFor, ProblemSummary, SelectField, unwrap, useCan } from '@casenet/ui';
import { Alert, Button } from 'design-react-kit';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '@tanstack/react-router';
import { api } from '../api/client';
import { type CaseView, read, type Residence, type Screening } from '../api/types';
import { SCREENING_CLOSURES } from '../shared/enums';
import { useLabel, useOptions } from '../shared/labels';

/** One screening decision: forward to Polizia Locale, or close with one of the protocol's three reasons. */
export function DecisionPanel({ caseref, item, onDone }: { caseref: string; item: CaseView | null; onDone: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const options = useOptions();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const settle = (message: string) => {
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: ['screening'] });
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
  const forward = useMutation({
    mutationFn: () => unwrap(api.POST('/screening/cases/{caseref}/forward', { params: { path: { caseref } } })),
    onSuccess: () => settle(t('screening.forwarded', { caseref })),
  });
  const close = useMutation({
    mutationFn: (body: { reason: (typeof SCREENING_CLOSURES)[number] }) =>
      unwrap(api.POST('/screening/cases/{caseref}/close', { params: { path: { caseref } }, body })),
    onSuccess: () => settle(t('screening.closed', { caseref })),
  });
  const screening = read<Screening>(item?.screening);
  const residence = read<Residence>(item?.residence);

  function submitClose(event: FormEvent) {
    event.preventDefault();
    close.mutate({ reason: reason as (typeof SCREENING_CLOSURES)[number] });
  }

  return (
    <section id="screening-decision" aria-labelledby="screening-decision-title" className="border rounded p-3 my-4">
      <h2 id="screening-decision-title" className="h4" tabIndex={-1} ref={heading}>
        {t('screening.decisionOn', { caseref })}
      </h2>
      {done ? (
        <>
          <Alert color="success" role="status">
            {done}
          </Alert>
          <Button color="primary" size="sm" onClick={onDone}>
            {t('screening.next')}
          </Button>
        </>
      ) : (
        <>
          {screening ? (
            <dl className="row">
              <dt className="col-sm-4">{t('screening.resident')}</dt>
              <dd className="col-sm-8">
                {screening.residentInMilan ? t('common.yes') : t('common.no')}
                {residence ? ` — ${residence.city}` : ''}
              </dd>
              <dt className="col-sm-4">{t('screening.absenceRate')}</dt>
              <dd className="col-sm-8">{Math.round(screening.absenceRate * 100)}%</dd>
              <dt className="col-sm-4">{t('screening.suggestion')}</dt>
              <dd className="col-sm-8">{label('suggestion', screening.suggestion)}</dd>
            </dl>
          ) : null}
          <p>
            <Link to="/cases/$caseref" params={{ caseref }}>
              {t('screening.openCase')}
            </Link>
          </p>
          {can('ScreeningController_forward') ? (
            <div className="mb-4">
              <ProblemSummary error={forward.error} />
              <Button color="primary" disabled={forward.isPending} onClick={() => forward.mutate()}>
                {t('screening.forward')}
              </Button>
            </div>
          ) : null}
          {can('ScreeningController_close') ? (
            <form noValidate onSubmit={submitClose} aria-labelledby="screening-close-title">
              <h3 id="screening-close-title" className="h5 mb-4">
                {t('screening.closeTitle')}
              </h3>
              <ProblemSummary error={close.error} fields={['reason']} />
              <SelectField
                label={t('screening.closeReason')}
                name="reason"
                value={reason}
                placeholder={t('common.choose')}
                options={options('screeningClosure', SCREENING_CLOSURES)}
                onChange={(event) => setReason(event.target.value)}
                errors={errorsFor(close.error, 'reason')}
              />
              <Button color="danger" outline type="submit" disabled={close.isPending}>
                {t('screening.close')}
              </Button>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
