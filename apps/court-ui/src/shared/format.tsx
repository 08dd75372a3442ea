import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A date-time as the caseworker's language writes it, in a <time> element. */
export function When({ at, dateOnly }: { at: string | null | undefined; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  if (!at) return <>—</>;
  const date = new Date(at);
  return <time dateTime={at}>{dateOnly ? date.toLocaleDateString(i18n.language) : date.toLocaleString(i18n.language)}</time>;
}

interface Pupil {
  firstName?: string;
  lastName?: string;
  taxCode?: string;
  birthDate?: string;
}

/** The child's name as the file holds it; erased data says so rather than showing nothing. */
export function PupilName({ pupil, erased }: { pupil: object | null; erased?: boolean }) {
  const { t } = useTranslation();
  if (erased || !pupil) return <span className="text-secondary">{t('common.erased')}</span>;
  const { firstName, lastName } = pupil as Pupil;
  return <>{[lastName, firstName].filter(Boolean).join(' ')}</>;
}

export function pupilDetails(pupil: object | null): Pupil {
  return (pupil ?? {}) as Pupil;
}

/** Label and value rows of a file, as a description list. */
export function Facts({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="row">
      {rows.map(([label, value]) => (
        <div className="col-12 col-md-6 d-flex gap-2 mb-1" key={label}>
          <dt className="fw-semibold">{label}:</dt>
          <dd className="mb-0">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
