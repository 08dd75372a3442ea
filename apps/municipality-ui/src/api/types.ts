import type { components } from './schema';

type Schemas = components['schemas'];
export type CaseView = Schemas['CaseView'];
export type ReferralView = Schemas['ReferralView'];
export type MandateView = Schemas['MandateView'];
export type InvestigationView = Schemas['InvestigationView'];
export type DeadlineView = Schemas['DeadlineView'];
export type ProgrammeView = Schemas['ProgrammeView'];
export type OsservatorioTable = Schemas['OsservatorioTableView'];

/** The child as the case holds them; the OpenAPI document types these as bare objects. */
export interface Pupil {
  firstName: string;
  lastName: string;
  taxCode: string;
  birthDate: string;
}
export interface Residence {
  address: string;
  city: string;
  postalCode?: string;
  municipio?: number;
}
export interface School {
  level?: string;
  code?: string;
  name?: string;
}
export interface HistoryEntry {
  action: string;
  actor: string;
  detail: Record<string, unknown>;
  at: string;
}
export interface Screening {
  residentInMilan: boolean;
  absenceRate: number;
  flags: string[];
  suggestion: string;
}

/** A field the document leaves untyped (`object`, nullable), read as the value it is. */
export function read<T>(value: unknown): T | null {
  return value === null || value === undefined ? null : (value as T);
}

export function text(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
