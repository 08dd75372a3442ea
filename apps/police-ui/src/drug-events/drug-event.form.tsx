import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { errorsFor, ProblemSummary, SelectField, TextAreaField, TextField, unwrap, usePageTitle } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { DRUG_EVENT_KINDS, type DrugEventKind, MUNICIPI } from './drug-event-kinds';

const EMPTY = { firstName: '', lastName: '', taxCode: '', birthDate: '', kind: '', municipio: '', occurredAt: '', note: '' };
const FIELDS = ['pupil', 'pupil.firstName', 'pupil.lastName', 'pupil.taxCode', 'pupil.birthDate', 'kind', 'municipio', 'occurredAt', 'note'];

/** `datetime-local` has no zone: the officer means Milan's local time, which the browser knows. */
function isoOf(local: string): string {
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

/** Officers record a drug-related event about a pupil; the municipality hears of the identity and kind only. */
export function RecordDrugEventScreen() {
  const { t } = useTranslation();
  usePageTitle(t('recordDrugEvent.title'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/drug-events', {
          // Sent as typed: the API decides what is valid and says so beside each field.
          body: {
            pupil: { firstName: form.firstName, lastName: form.lastName, taxCode: form.taxCode, birthDate: form.birthDate },
            kind: form.kind as DrugEventKind,
            occurredAt: isoOf(form.occurredAt),
            ...(form.municipio ? { municipio: Number(form.municipio) } : {}),
            ...(form.note.trim() ? { note: form.note } : {}),
          },
        }),
      ),
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey: ['drug-events'] });
      void navigate({ to: '/drug-events/$id', params: { id: view.id } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  const errors = (path: string) => errorsFor(record.error, path);
  return (
    <>
      <h1 className="h2">{t('recordDrugEvent.title')}</h1>
      <p>{t('recordDrugEvent.intro')}</p>
      <ProblemSummary error={record.error} fields={FIELDS} />
      <form onSubmit={submit} noValidate>
        <fieldset className="mb-3">
          <legend className="h5">{t('field.pupil')}</legend>
          <div className="row">
            <div className="col-md-6">
              <TextField
                label={t('field.firstName')}
                name="firstName"
                required
                autoComplete="off"
                value={form.firstName}
                onChange={set('firstName')}
                errors={errors('pupil.firstName')}
              />
            </div>
            <div className="col-md-6">
              <TextField
                label={t('field.lastName')}
                name="lastName"
                required
                autoComplete="off"
                value={form.lastName}
                onChange={set('lastName')}
                errors={errors('pupil.lastName')}
              />
            </div>
            <div className="col-md-6">
              <TextField
                label={t('field.taxCode')}
                name="taxCode"
                required
                autoComplete="off"
                value={form.taxCode}
                onChange={set('taxCode')}
                errors={errors('pupil.taxCode')}
              />
            </div>
            <div className="col-md-6">
              <TextField
                label={t('field.birthDate')}
                name="birthDate"
                type="date"
                required
                value={form.birthDate}
                onChange={set('birthDate')}
                errors={errors('pupil.birthDate')}
              />
            </div>
          </div>
        </fieldset>
        <fieldset className="mb-3">
          <legend className="h5 mb-4">{t('recordDrugEvent.event')}</legend>
          <SelectField
            label={t('field.kind')}
            name="kind"
            required
            value={form.kind}
            onChange={set('kind')}
            placeholder={t('recordDrugEvent.chooseKind')}
            options={DRUG_EVENT_KINDS.map((value) => ({ value, label: t(`drugKind.${value}`) }))}
            errors={errors('kind')}
          />
          <div className="row">
            <div className="col-md-6">
              <TextField
                label={t('field.occurredAt')}
                name="occurredAt"
                type="datetime-local"
                required
                value={form.occurredAt}
                onChange={set('occurredAt')}
                errors={errors('occurredAt')}
              />
            </div>
            <div className="col-md-6">
              <SelectField
                label={t('field.municipio')}
                name="municipio"
                value={form.municipio}
                onChange={set('municipio')}
                placeholder={t('recordDrugEvent.noMunicipio')}
                options={MUNICIPI.map((n) => ({ value: String(n), label: t('municipio', { n }) }))}
                errors={errors('municipio')}
              />
            </div>
          </div>
          <TextAreaField
            label={t('field.note')}
            hint={t('recordDrugEvent.noteHint')}
            name="note"
            value={form.note}
            onChange={set('note')}
            errors={errors('note')}
          />
        </fieldset>
        <Button color="primary" type="submit" disabled={record.isPending}>
          {t('recordDrugEvent.submit')}
        </Button>
      </form>
    </>
  );
}
