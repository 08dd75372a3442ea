import { SCHOOL_LEVELS, type SchoolLevel } from '@casenet/contracts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CITIZENSHIP_CATEGORIES, type CitizenshipCategory } from './citizenship.js';
import { WAYS_IN, type WayIn } from '../cases/ways-in.js';

/** The catalogue shipped with the service: `apps/municipality/programmes/catalogue.yaml`, from src or dist alike. */
export const DEFAULT_CATALOGUE_FILE = fileURLToPath(new URL('../../programmes/catalogue.yaml', import.meta.url));

export interface Eligibility {
  /** Completed years on the day of taking in charge, both bounds inclusive. */
  age?: { min: number; max: number };
  citizenship?: CitizenshipCategory[];
  schoolLevels?: SchoolLevel[];
  waysIn?: WayIn[];
  /** Dates (YYYY-MM-DD, inclusive) the programme takes children. */
  open?: { from: string; until?: string };
}

export interface Programme {
  id: string;
  name: string;
  description: string;
  desks?: number;
  eligibility: Eligibility;
}

export interface ProgrammeCatalogue {
  version: number;
  programmes: Programme[];
}

export class CatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid programme catalogue:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

export function loadProgrammeCatalogue(file = DEFAULT_CATALOGUE_FILE): ProgrammeCatalogue {
  return parseProgrammeCatalogue(readFileSync(file, 'utf8'), file);
}

const ID = /^[a-z][a-z0-9_]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROGRAMME_KEYS = ['id', 'name', 'description', 'desks', 'eligibility'];
const RULE_KEYS = ['age', 'citizenship', 'schoolLevels', 'waysIn', 'open'];

/** Checks every entry and names every problem at once, so one boot shows all that is wrong. */
export function parseProgrammeCatalogue(text: string, source = 'catalogue'): ProgrammeCatalogue {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new CatalogueError([`${source} is not YAML: ${(error as Error).message}`]);
  }
  const problems: string[] = [];
  if (!isRecord(raw)) throw new CatalogueError([`${source} must be a mapping with version and programmes`]);
  if (raw['version'] !== 1) problems.push(`version must be 1, not ${JSON.stringify(raw['version'])}`);
  const list = raw['programmes'];
  if (!Array.isArray(list) || list.length === 0) {
    problems.push('programmes must be a non-empty list');
    throw new CatalogueError(problems);
  }
  const seen = new Set<string>();
  const programmes = list.map((entry: unknown, i): Programme => {
    const at = `programmes[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${at} must be a mapping`);
      return { id: '', name: '', description: '', eligibility: {} };
    }
    for (const key of Object.keys(entry)) if (!PROGRAMME_KEYS.includes(key)) problems.push(`${at}.${key} is not a programme field`);
    const id = entry['id'];
    if (typeof id !== 'string' || !ID.test(id)) problems.push(`${at}.id must be a snake_case identifier`);
    else if (seen.has(id)) problems.push(`${at}.id ${id} appears twice`);
    else seen.add(id);
    for (const key of ['name', 'description']) {
      if (typeof entry[key] !== 'string' || (entry[key] as string).trim() === '') problems.push(`${at}.${key} must be a non-empty string`);
    }
    const desks = entry['desks'];
    if (desks !== undefined && !(Number.isInteger(desks) && (desks as number) > 0)) problems.push(`${at}.desks must be a positive integer`);
    const eligibility = checkEligibility(entry['eligibility'] ?? {}, `${at}.eligibility`, problems);
    return {
      id: String(id),
      name: String(entry['name']),
      description: String(entry['description']),
      ...(desks === undefined ? {} : { desks: desks as number }),
      eligibility,
    };
  });
  if (problems.length > 0) throw new CatalogueError(problems);
  return { version: 1, programmes };
}

function checkEligibility(raw: unknown, at: string, problems: string[]): Eligibility {
  if (!isRecord(raw)) {
    problems.push(`${at} must be a mapping`);
    return {};
  }
  for (const key of Object.keys(raw)) if (!RULE_KEYS.includes(key)) problems.push(`${at}.${key} is not an eligibility rule (${RULE_KEYS.join(', ')})`);
  const rules: Eligibility = {};
  const age = raw['age'];
  if (age !== undefined) {
    const ok = isRecord(age) && isAge(age['min']) && isAge(age['max']) && (age['min'] as number) <= (age['max'] as number);
    if (ok) rules.age = { min: age['min'] as number, max: age['max'] as number };
    else problems.push(`${at}.age must be { min, max } whole years from 0 to 25, min ≤ max`);
  }
  const lists = [
    ['citizenship', CITIZENSHIP_CATEGORIES],
    ['schoolLevels', SCHOOL_LEVELS],
    ['waysIn', WAYS_IN],
  ] as const;
  for (const [key, allowed] of lists) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0 || !value.every((v) => (allowed as readonly unknown[]).includes(v))) {
      problems.push(`${at}.${key} must be a non-empty list of ${allowed.join(', ')}`);
    } else (rules as Record<string, unknown>)[key] = [...value];
  }
  const open = raw['open'];
  if (open !== undefined) {
    const from = isRecord(open) ? open['from'] : undefined;
    const until = isRecord(open) ? open['until'] : undefined;
    const ok = isDate(from) && (until === undefined || (isDate(until) && until >= from));
    if (ok) rules.open = { from, ...(until === undefined ? {} : { until: until as string }) };
    else problems.push(`${at}.open must be { from, until? } dates (YYYY-MM-DD), until not before from`);
  }
  return rules;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAge(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 25;
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
