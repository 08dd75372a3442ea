import { errorsFor, SelectField, TextAreaField, TextField } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, CITIZENSHIPS, SCHOOL_LEVELS } from '../shared/enums';
import { useOptions } from '../shared/labels';

/** The child as an intake states them: identity, residence, school, and why the unit should act. */
export interface ChildDraft {
  firstName: string;
  lastName: string;
  taxCode: string;
  birthDate: string;
  address: string;
  city: string;
  postalCode: string;
  municipio: string;
  schoolLevel: string;
  schoolCode: string;
  schoolName: string;
  category: string;
  citizenship: string;
  notes: string;
}

export const EMPTY_CHILD: ChildDraft = {
  firstName: '',
  lastName: '',
  taxCode: '',
  birthDate: '',
  address: '',
  city: 'Milano',
  postalCode: '',
  municipio: '',
  schoolLevel: '',
  schoolCode: '',
  schoolName: '',
  category: '',
  citizenship: '',
  notes: '',
};

/** The body the API reads; empty optional fields are left out so the API judges only what was given. */
export function childBody(draft: ChildDraft) {
  return {
    pupil: { firstName: draft.firstName, lastName: draft.lastName, taxCode: draft.taxCode, birthDate: draft.birthDate },
    residence: {
      address: draft.address,
      city: draft.city,
      ...(draft.postalCode ? { postalCode: draft.postalCode } : {}),
      ...(draft.municipio ? { municipio: Number(draft.municipio) } : {}),
    },
    school: { level: draft.schoolLevel as (typeof SCHOOL_LEVELS)[number], code: draft.schoolCode, name: draft.schoolName },
    category: draft.category as (typeof CATEGORIES)[number],
    citizenship: draft.citizenship as (typeof CITIZENSHIPS)[number],
    ...(draft.notes ? { notes: draft.notes } : {}),
  };
}

export const CHILD_PATHS = [
  'pupil',
  'pupil.firstName',
  'pupil.lastName',
  'pupil.taxCode',
  'pupil.birthDate',
  'residence',
  'residence.address',
  'residence.city',
  'residence.postalCode',
  'residence.municipio',
  'school',
  'school.level',
  'school.code',
  'school.name',
  'category',
  'citizenship',
  'notes',
];

export function ChildFields({ draft, onChange, error }: { draft: ChildDraft; onChange: (next: ChildDraft) => void; error: unknown }) {
  const { t } = useTranslation();
  const options = useOptions();
  const field = (key: keyof ChildDraft, path: string) => ({
    name: path,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => onChange({ ...draft, [key]: e.target.value }),
    errors: errorsFor(error, path),
  });
  return (
    <>
      <fieldset className="mb-3">
        <legend className="h5">{t('intake.child')}</legend>
        <div className="row">
          <div className="col-md-6">
            <TextField
              label={t('intake.firstName')}
              autoComplete="off"
              {...field('firstName', 'pupil.firstName')}
              errors={[...errorsFor(error, 'pupil.firstName'), ...errorsFor(error, 'pupil')]}
            />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.lastName')} autoComplete="off" {...field('lastName', 'pupil.lastName')} />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.taxCode')} autoComplete="off" {...field('taxCode', 'pupil.taxCode')} />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.birthDate')} type="date" {...field('birthDate', 'pupil.birthDate')} />
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h5">{t('intake.residence')}</legend>
        <div className="row">
          <div className="col-md-6">
            <TextField label={t('intake.address')} autoComplete="off" {...field('address', 'residence.address')} />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.city')} {...field('city', 'residence.city')} />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.postalCode')} inputMode="numeric" {...field('postalCode', 'residence.postalCode')} />
          </div>
          <div className="col-md-6">
            <TextField label={t('intake.municipio')} inputMode="numeric" {...field('municipio', 'residence.municipio')} />
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h5">{t('intake.school')}</legend>
        <div className="row">
          <div className="col-md-4">
            <SelectField
              label={t('intake.schoolLevel')}
              placeholder={t('common.choose')}
              options={options('schoolLevel', SCHOOL_LEVELS)}
              {...field('schoolLevel', 'school.level')}
            />
          </div>
          <div className="col-md-4">
            <TextField label={t('intake.schoolCode')} {...field('schoolCode', 'school.code')} />
          </div>
          <div className="col-md-4">
            <TextField label={t('intake.schoolName')} {...field('schoolName', 'school.name')} />
          </div>
        </div>
      </fieldset>
      <div className="row">
        <div className="col-md-6">
          <SelectField
            label={t('intake.category')}
            placeholder={t('common.choose')}
            options={options('category', CATEGORIES)}
            {...field('category', 'category')}
          />
        </div>
        <div className="col-md-6">
          <SelectField
            label={t('intake.citizenship')}
            placeholder={t('common.choose')}
            options={options('citizenship', CITIZENSHIPS)}
            {...field('citizenship', 'citizenship')}
          />
        </div>
      </div>
      <TextAreaField label={t('intake.notes')} {...field('notes', 'notes')} />
    </>
  );
}
