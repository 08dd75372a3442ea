import { ApiProblem, CheckboxGroup, ProblemSummary, SelectField, TextAreaField, TextField } from '@casenet/ui';
import { Button } from 'design-react-kit';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bodyOf, emptyDraft, type ReportBody, type ReportDraft } from './report.draft';
import { useOptions } from './report.labels';
import {
  ABSENCE_CATEGORIES,
  BULLYING_ROLES,
  CITIZENSHIP,
  CONCERNS,
  DISTRESS_SIGNS,
  HARM_OBSERVATIONS,
  REPORT_KINDS,
  type ReportKind,
  SCHOOL_LEVELS,
  SUBSTANCE_OBSERVATIONS,
  TRACKS_BY_LEVEL,
} from './report.vocabulary';

const COMMON_PATHS = [
  'pupil.firstName',
  'pupil.lastName',
  'pupil.taxCode',
  'pupil.birthDate',
  'residence.address',
  'residence.city',
  'residence.postalCode',
  'residence.municipio',
  'school.code',
  'school.name',
  'school.level',
  'schoolYear',
  'citizenship',
  'track',
  'notes',
  'kind',
];

const KIND_PATHS: Record<ReportKind, string[]> = {
  absence: ['category', 'absence.schoolDays', 'absence.absentDays', 'absence.since', 'concerns'],
  bullying: ['role', 'online'],
  cyberbullying: ['role'],
  substance_use: ['observed'],
  social_distress: ['signs'],
  harm_to_child: ['observed'],
};

/** A list's messages may name an item (`observed.0`): they belong beside the list too. */
function belongsTo(problemPath: string, fieldPath: string): boolean {
  return problemPath === fieldPath || new RegExp(`^${fieldPath.replace('.', '\\.')}\\.\\d+$`).test(problemPath);
}

function Section({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="mb-4">
      {/* Bootstrap Italia lifts a select's label above its box: the room below the legend keeps them apart. */}
      <legend className="h5 mb-4">{legend}</legend>
      <div className="row pt-2">{children}</div>
    </fieldset>
  );
}

function Col({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return <div className={wide ? 'col-12' : 'col-12 col-md-6'}>{children}</div>;
}

/** One form for every kind of report: the common fields, then the chosen kind's own. */
export function ReportForm({
  schoolCodes,
  error,
  pending,
  onSubmit,
  onKindChange,
}: {
  schoolCodes: readonly string[];
  error: unknown;
  pending: boolean;
  onSubmit: (body: ReportBody, reset: () => void) => void;
  onKindChange: () => void;
}) {
  const { t } = useTranslation();
  const options = useOptions();
  const [draft, setDraft] = useState<ReportDraft>(() => emptyDraft(schoolCodes[0] ?? ''));
  const set = (patch: Partial<ReportDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const errors = (path: string) => (error instanceof ApiProblem ? error.errors.filter((p) => belongsTo(p.path, path)).map((p) => p.message) : []);
  const shown = [...COMMON_PATHS, ...KIND_PATHS[draft.kind]];
  const shownProblems = error instanceof ApiProblem ? error.errors.map((p) => p.path).filter((path) => shown.some((s) => belongsTo(path, s))) : [];
  const tracks = draft.school.level ? TRACKS_BY_LEVEL[draft.school.level] : [];

  function changeKind(kind: ReportKind) {
    const fresh = emptyDraft('');
    // The pupil, residence and school stay; what only the previous kind had goes.
    setDraft((current) => ({ ...current, kind, category: '', absence: fresh.absence, concerns: [], role: '', online: 'no', observed: [], signs: [] }));
    onKindChange();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(bodyOf(draft), () => setDraft((current) => ({ ...emptyDraft(current.school.code), school: current.school })));
  }

  return (
    <form noValidate onSubmit={submit}>
      <ProblemSummary error={error} fields={shownProblems} />
      <div className="mt-4">
        <SelectField
          label={t('reportForm.kind')}
          name="kind"
          value={draft.kind}
          onChange={(e) => changeKind(e.target.value as ReportKind)}
          options={options('kind', REPORT_KINDS)}
          errors={errors('kind')}
        />
      </div>

      <Section legend={t('reportForm.pupilLegend')}>
        <Col>
          <TextField
            label={t('reportForm.firstName')}
            name="firstName"
            autoComplete="off"
            value={draft.pupil.firstName}
            onChange={(e) => set({ pupil: { ...draft.pupil, firstName: e.target.value } })}
            errors={errors('pupil.firstName')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.lastName')}
            name="lastName"
            autoComplete="off"
            value={draft.pupil.lastName}
            onChange={(e) => set({ pupil: { ...draft.pupil, lastName: e.target.value } })}
            errors={errors('pupil.lastName')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.taxCode')}
            name="taxCode"
            autoComplete="off"
            value={draft.pupil.taxCode}
            onChange={(e) => set({ pupil: { ...draft.pupil, taxCode: e.target.value } })}
            errors={errors('pupil.taxCode')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.birthDate')}
            name="birthDate"
            type="date"
            value={draft.pupil.birthDate}
            onChange={(e) => set({ pupil: { ...draft.pupil, birthDate: e.target.value } })}
            errors={errors('pupil.birthDate')}
          />
        </Col>
      </Section>

      <Section legend={t('reportForm.residenceLegend')}>
        <Col>
          <TextField
            label={t('reportForm.address')}
            name="address"
            autoComplete="off"
            value={draft.residence.address}
            onChange={(e) => set({ residence: { ...draft.residence, address: e.target.value } })}
            errors={errors('residence.address')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.city')}
            name="city"
            value={draft.residence.city}
            onChange={(e) => set({ residence: { ...draft.residence, city: e.target.value } })}
            errors={errors('residence.city')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.postalCode')}
            name="postalCode"
            inputMode="numeric"
            value={draft.residence.postalCode}
            onChange={(e) => set({ residence: { ...draft.residence, postalCode: e.target.value } })}
            errors={errors('residence.postalCode')}
          />
        </Col>
        <Col>
          <SelectField
            label={t('reportForm.municipio')}
            name="municipio"
            value={draft.residence.municipio}
            onChange={(e) => set({ residence: { ...draft.residence, municipio: e.target.value } })}
            placeholder={t('reportForm.municipioPlaceholder')}
            options={Array.from({ length: 9 }, (_, i) => ({ value: String(i + 1), label: t('reportForm.municipioOption', { n: i + 1 }) }))}
            errors={errors('residence.municipio')}
          />
        </Col>
      </Section>

      <Section legend={t('reportForm.schoolLegend')}>
        <Col>
          <SelectField
            label={t('reportForm.schoolCode')}
            name="schoolCode"
            value={draft.school.code}
            onChange={(e) => set({ school: { ...draft.school, code: e.target.value } })}
            options={schoolCodes.map((code) => ({ value: code, label: code }))}
            errors={errors('school.code')}
          />
        </Col>
        <Col>
          <TextField
            label={t('reportForm.schoolName')}
            name="schoolName"
            value={draft.school.name}
            onChange={(e) => set({ school: { ...draft.school, name: e.target.value } })}
            errors={errors('school.name')}
          />
        </Col>
        <Col>
          <SelectField
            label={t('reportForm.schoolLevel')}
            name="schoolLevel"
            value={draft.school.level}
            onChange={(e) => set({ school: { ...draft.school, level: e.target.value as ReportDraft['school']['level'] }, track: '' })}
            placeholder={t('reportForm.choose')}
            options={options('level', SCHOOL_LEVELS)}
            errors={errors('school.level')}
          />
        </Col>
      </Section>

      <Section legend={t('reportForm.detailsLegend')}>
        {draft.kind === 'absence' ? (
          <>
            <Col>
              <SelectField
                label={t('reportForm.category')}
                name="category"
                value={draft.category}
                onChange={(e) => set({ category: e.target.value })}
                placeholder={t('reportForm.choose')}
                options={options('category', ABSENCE_CATEGORIES)}
                errors={errors('category')}
              />
            </Col>
            <Col>
              <TextField
                label={t('reportForm.since')}
                name="since"
                type="date"
                value={draft.absence.since}
                onChange={(e) => set({ absence: { ...draft.absence, since: e.target.value } })}
                errors={errors('absence.since')}
              />
            </Col>
            <Col>
              <TextField
                label={t('reportForm.schoolDays')}
                name="schoolDays"
                inputMode="numeric"
                value={draft.absence.schoolDays}
                onChange={(e) => set({ absence: { ...draft.absence, schoolDays: e.target.value } })}
                errors={errors('absence.schoolDays')}
              />
            </Col>
            <Col>
              <TextField
                label={t('reportForm.absentDays')}
                name="absentDays"
                inputMode="numeric"
                value={draft.absence.absentDays}
                onChange={(e) => set({ absence: { ...draft.absence, absentDays: e.target.value } })}
                errors={errors('absence.absentDays')}
              />
            </Col>
            <Col wide>
              <CheckboxGroup
                legend={t('reportForm.concerns')}
                options={options('concern', CONCERNS)}
                value={draft.concerns}
                onChange={(concerns) => set({ concerns })}
                errors={errors('concerns')}
              />
            </Col>
          </>
        ) : null}
        {draft.kind === 'bullying' || draft.kind === 'cyberbullying' ? (
          <Col>
            <SelectField
              label={t('reportForm.role')}
              name="role"
              value={draft.role}
              onChange={(e) => set({ role: e.target.value })}
              placeholder={t('reportForm.choose')}
              options={options('bullyingRole', BULLYING_ROLES)}
              errors={errors('role')}
            />
          </Col>
        ) : null}
        {draft.kind === 'bullying' ? (
          <Col>
            <SelectField
              label={t('reportForm.online')}
              name="online"
              value={draft.online}
              onChange={(e) => set({ online: e.target.value === 'yes' ? 'yes' : 'no' })}
              options={[
                { value: 'no', label: t('reportForm.no') },
                { value: 'yes', label: t('reportForm.yes') },
              ]}
              errors={errors('online')}
            />
          </Col>
        ) : null}
        {draft.kind === 'substance_use' || draft.kind === 'harm_to_child' ? (
          <Col wide>
            <CheckboxGroup
              legend={t(draft.kind === 'substance_use' ? 'reportForm.observedSubstance' : 'reportForm.observedHarm')}
              options={draft.kind === 'substance_use' ? options('substance', SUBSTANCE_OBSERVATIONS) : options('harm', HARM_OBSERVATIONS)}
              value={draft.observed}
              onChange={(observed) => set({ observed })}
              errors={errors('observed')}
            />
          </Col>
        ) : null}
        {draft.kind === 'social_distress' ? (
          <Col wide>
            <CheckboxGroup
              legend={t('reportForm.signs')}
              options={options('sign', DISTRESS_SIGNS)}
              value={draft.signs}
              onChange={(signs) => set({ signs })}
              errors={errors('signs')}
            />
          </Col>
        ) : null}
        <Col wide>
          <TextAreaField
            label={t('reportForm.notes')}
            name="notes"
            hint={t('reportForm.notesHint')}
            value={draft.notes}
            onChange={(e) => set({ notes: e.target.value })}
            errors={errors('notes')}
          />
        </Col>
      </Section>

      <Section legend={t('reportForm.statisticsLegend')}>
        <Col>
          <TextField
            label={t('reportForm.schoolYear')}
            name="schoolYear"
            hint={t('reportForm.schoolYearHint')}
            value={draft.schoolYear}
            onChange={(e) => set({ schoolYear: e.target.value })}
            errors={errors('schoolYear')}
          />
        </Col>
        <Col>
          <SelectField
            label={t('reportForm.citizenship')}
            name="citizenship"
            value={draft.citizenship}
            onChange={(e) => set({ citizenship: e.target.value })}
            placeholder={t('reportForm.notSet')}
            options={options('citizenship', CITIZENSHIP)}
            errors={errors('citizenship')}
          />
        </Col>
        {tracks.length > 0 ? (
          <Col>
            <SelectField
              label={t('reportForm.track')}
              name="track"
              value={draft.track}
              onChange={(e) => set({ track: e.target.value })}
              placeholder={t('reportForm.notSet')}
              options={options('track', tracks)}
              errors={errors('track')}
            />
          </Col>
        ) : null}
      </Section>

      <Button color="primary" type="submit" disabled={pending}>
        {pending ? t('reportForm.sending') : t('reportForm.submit')}
      </Button>
    </form>
  );
}
