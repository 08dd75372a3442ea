import { Button } from 'design-react-kit';
import { errorsFor, ProblemSummary, TextField, unwrap } from '@casenet/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { type ActionProps, useProceedingAction } from './proceeding-action';

export function RegisterForm({ id, onDone }: ActionProps) {
  const { t } = useTranslation();
  const [docket, setDocket] = useState('');
  const register = useProceedingAction(
    (body: { docket: string }) => unwrap(api.POST('/proceedings/{id}/register', { params: { path: { id } }, body })),
    () => onDone(t('proceedingActions.registered')),
  );
  return (
    <form
      noValidate
      className="col-12 col-lg-6"
      aria-labelledby="register-title"
      onSubmit={(event) => {
        event.preventDefault();
        register.mutate({ docket: docket.trim() });
      }}
    >
      <h3 id="register-title" className="h5">
        {t('proceedingActions.registerTitle')}
      </h3>
      <ProblemSummary error={register.error} fields={['docket']} />
      <TextField
        label={t('proceedingActions.docket')}
        hint={t('proceedingActions.docketHint')}
        required
        value={docket}
        errors={errorsFor(register.error, 'docket')}
        onChange={(event) => setDocket(event.target.value)}
      />
      <Button type="submit" color="primary" disabled={register.isPending}>
        {t('proceedingActions.register')}
      </Button>
    </form>
  );
}
