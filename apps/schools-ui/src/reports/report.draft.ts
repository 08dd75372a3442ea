import type { components } from '../api/schema';
import type { ReportKind, SchoolLevel } from './report.vocabulary';

type Schemas = components['schemas'];
export type ReportBody =
  | Schemas['FileReportDto']
  | Schemas['BullyingReportDto']
  | Schemas['CyberbullyingReportDto']
  | Schemas['SubstanceUseReportDto']
  | Schemas['SocialDistressReportDto']
  | Schemas['HarmReportDto'];

/** What the caseworker has typed, as typed: the API alone judges it (the form is `noValidate`). */
export interface ReportDraft {
  kind: ReportKind;
  pupil: { firstName: string; lastName: string; taxCode: string; birthDate: string };
  residence: { address: string; city: string; postalCode: string; municipio: string };
  school: { code: string; name: string; level: SchoolLevel | '' };
  schoolYear: string;
  citizenship: string;
  track: string;
  notes: string;
  category: string;
  absence: { schoolDays: string; absentDays: string; since: string };
  concerns: string[];
  role: string;
  online: 'yes' | 'no';
  observed: string[];
  signs: string[];
}

export function emptyDraft(schoolCode: string): ReportDraft {
  return {
    kind: 'absence',
    pupil: { firstName: '', lastName: '', taxCode: '', birthDate: '' },
    residence: { address: '', city: 'Milano', postalCode: '', municipio: '' },
    school: { code: schoolCode, name: '', level: '' },
    schoolYear: '',
    citizenship: '',
    track: '',
    notes: '',
    category: '',
    absence: { schoolDays: '', absentDays: '', since: '' },
    concerns: [],
    role: '',
    online: 'no',
    observed: [],
    signs: [],
  };
}

/** An empty field is left out, so the API names it as missing rather than malformed. */
function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A number as typed; something else goes as is, and the API says beside the field that it is not one. */
function count(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The body of `POST /reports` for the chosen kind: its own fields and no other (the API refuses foreign ones). */
export function bodyOf(draft: ReportDraft): ReportBody {
  const common = compact({
    pupil: compact({
      firstName: text(draft.pupil.firstName),
      lastName: text(draft.pupil.lastName),
      taxCode: text(draft.pupil.taxCode)?.toUpperCase(),
      birthDate: text(draft.pupil.birthDate),
    }),
    residence: compact({
      address: text(draft.residence.address),
      city: text(draft.residence.city),
      postalCode: text(draft.residence.postalCode),
      municipio: count(draft.residence.municipio),
    }),
    school: compact({ code: text(draft.school.code), name: text(draft.school.name), level: text(draft.school.level) }),
    schoolYear: text(draft.schoolYear),
    citizenship: text(draft.citizenship),
    track: text(draft.track),
    notes: text(draft.notes),
  });
  const own: Record<ReportKind, Record<string, unknown>> = {
    absence: {
      kind: 'absence',
      category: text(draft.category),
      absence: compact({ schoolDays: count(draft.absence.schoolDays), absentDays: count(draft.absence.absentDays), since: text(draft.absence.since) }),
      concerns: draft.concerns.length > 0 ? draft.concerns : undefined,
    },
    bullying: { kind: 'bullying', role: text(draft.role), online: draft.online === 'yes' },
    cyberbullying: { kind: 'cyberbullying', role: text(draft.role) },
    substance_use: { kind: 'substance_use', observed: draft.observed },
    social_distress: { kind: 'social_distress', signs: draft.signs },
    harm_to_child: { kind: 'harm_to_child', observed: draft.observed },
  };
  // Incomplete on purpose when the caseworker left fields empty: the API's answer names each one beside it.
  return { ...common, ...compact(own[draft.kind]) } as ReportBody;
}
