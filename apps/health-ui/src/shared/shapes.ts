/**
 * The parts of a referral the OpenAPI document types only as `object` (the view passes the
 * municipality's value objects through): read here, in one place, with the contract's field names.
 */
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
  code: string;
  name: string;
}

export function asPupil(value: unknown): Pupil | null {
  return typeof value === 'object' && value !== null && 'taxCode' in value ? (value as Pupil) : null;
}

export function asResidence(value: unknown): Residence | null {
  return typeof value === 'object' && value !== null && 'address' in value ? (value as Residence) : null;
}

export function asSchool(value: unknown): School | null {
  return typeof value === 'object' && value !== null && 'code' in value ? (value as School) : null;
}

export function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
