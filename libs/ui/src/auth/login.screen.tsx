import { Alert, Button, Card, CardBody } from 'design-react-kit';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgency, useSessionState } from '../app-shell/agency-context.js';
import { SelectField, TextField } from '../forms/field.js';
import { errorsFor, ProblemSummary } from '../forms/problem-summary.js';
import { devToken, sessionConfig } from './dev-login.js';
import { oidcManager } from './oidc.js';
import { usePageTitle } from '../app-shell/page-title.js';

const AGENCIES = ['schools', 'municipality', 'police', 'health', 'court'] as const;

/** Sign-in: the agency's identity provider, or locally the dev login (a role, no credentials). */
export function LoginScreen({ devRoles }: { devRoles: readonly string[] }) {
  const { t } = useTranslation();
  const { agency, session } = useAgency();
  const state = useSessionState();
  const config = useQuery({ queryKey: ['session-config'], queryFn: sessionConfig });
  const [login, setLogin] = useState({ agency, role: devRoles[0] ?? 'caseworker', schoolCodes: agency === 'schools' ? 'MIEE123456' : '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('login.title'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const schoolCodes = login.schoolCodes
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean);
      const token = await devToken({ agency: login.agency, role: login.role, ...(schoolCodes.length ? { schoolCodes } : {}) });
      await session.signIn(token.accessToken, token.expiresAt);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="row justify-content-center my-5">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="h2">{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        {state.status === 'signed-out' && state.reason === 'expired' ? <Alert color="warning">{t('login.expired')}</Alert> : null}
        {state.status === 'signed-out' && state.reason === 'refused' ? (
          <Alert color="danger" role="alert">
            {t('login.refused', { detail: state.detail })}
          </Alert>
        ) : null}
        {config.data?.oidc ? (
          <Button color="primary" className="mb-4" onClick={() => void oidcManager(config.data.oidc!).signinRedirect()}>
            {t('login.oidc')}
          </Button>
        ) : null}
        {config.data?.devLogin ? (
          <Card className="card-bg">
            <CardBody>
              <h2 className="h4">{t('login.devTitle')}</h2>
              <p className="small">{t('login.devHint')}</p>
              <ProblemSummary error={error} fields={['agency', 'role', 'schoolCodes']} />
              <form onSubmit={(event) => void submit(event)} noValidate>
                <SelectField
                  label={t('login.agency')}
                  name="agency"
                  value={login.agency}
                  onChange={(event) => setLogin({ ...login, agency: event.target.value })}
                  options={AGENCIES.map((value) => ({ value, label: t(`agency.${value}`) }))}
                  errors={errorsFor(error, 'agency')}
                />
                <SelectField
                  label={t('login.role')}
                  name="role"
                  value={login.role}
                  onChange={(event) => setLogin({ ...login, role: event.target.value })}
                  options={devRoles.map((value) => ({ value, label: t(`role.${value}`) }))}
                  errors={errorsFor(error, 'role')}
                />
                {login.agency === 'schools' ? (
                  <TextField
                    label={t('login.schoolCodes')}
                    name="schoolCodes"
                    value={login.schoolCodes}
                    onChange={(event) => setLogin({ ...login, schoolCodes: event.target.value })}
                    errors={errorsFor(error, 'schoolCodes').concat(errorsFor(error, 'schoolCodes.0'))}
                  />
                ) : null}
                <Button color="primary" type="submit" disabled={busy}>
                  {t('login.submit')}
                </Button>
              </form>
            </CardBody>
          </Card>
        ) : null}
        {config.data && !config.data.devLogin && !config.data.oidc ? <Alert color="warning">{t('login.none')}</Alert> : null}
      </div>
    </div>
  );
}
