import { AGENCIES, type Agency, type Disclosure, EVENT_CATALOG, type EventEnvelope, findContract } from '@casenet/contracts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DATA_CATEGORIES, type DataCategory } from './data-categories.js';
import { leafPaths, readPath, writePath } from './field-paths.js';

export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('../policy/sharing-policy.yaml', import.meta.url));

export interface CategoryDefinition {
  description: string;
  /** e.g. "GDPR art. 9": such data never leaves its owner. */
  special?: string;
  owner?: Agency;
  /** Days personal data of this category is kept after its record closes; none for `case`. */
  retentionDays?: number;
}

export interface SharingRule {
  event: string;
  from: Agency;
  to: Agency;
  purpose: string;
  legalBasis: string;
  fields: Record<string, DataCategory>;
}

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid sharing policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/** A send the policy does not allow; never caught to "try anyway". */
export class PolicyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyViolation';
  }
}

/** The loaded, checked policy: projection for senders, entitlement checks for receivers. */
export class SharingPolicy {
  private readonly rules = new Map<string, SharingRule>();

  constructor(
    readonly categories: Record<DataCategory, CategoryDefinition>,
    readonly ruleList: readonly SharingRule[],
    readonly source: string,
  ) {
    for (const rule of ruleList) this.rules.set(`${rule.event}→${rule.to}`, rule);
  }

  rule(type: string, recipient: Agency): SharingRule | undefined {
    return this.rules.get(`${type}→${recipient}`);
  }

  /**
   * The recipient's projection of what the sender knows: only the fields the policy allows it,
   * with the disclosure (purpose, legal basis, categories) the envelope must carry.
   */
  project<T extends object>(type: string, recipient: Agency, source: object): { data: T; disclosure: Disclosure } {
    const rule = this.rule(type, recipient);
    if (!rule) throw new PolicyViolation(`the sharing policy has no rule for ${type} to ${recipient}`);
    const data: Record<string, unknown> = {};
    const categories = new Set<DataCategory>();
    for (const [path, category] of Object.entries(rule.fields)) {
      const value = readPath(source, path);
      if (value === undefined || value === null) continue;
      writePath(data, path, value);
      categories.add(category);
    }
    return {
      data: data as T,
      disclosure: { purpose: rule.purpose, legalbasis: rule.legalBasis, datacategories: [...categories].sort() },
    };
  }

  /**
   * Splits projected data into what travels in clear (references and status codes) and the
   * personal part, which is sealed under the subject's key so it can be crypto-shredded.
   */
  partition(type: string, recipient: Agency, data: object): { clear: Record<string, unknown>; personal?: Record<string, unknown> } {
    const rule = this.rule(type, recipient);
    if (!rule) throw new PolicyViolation(`the sharing policy has no rule for ${type} to ${recipient}`);
    const clear: Record<string, unknown> = {};
    const personal: Record<string, unknown> = {};
    for (const path of leafPaths(data)) {
      writePath(rule.fields[path] === 'case' ? clear : personal, path, readPath(data, path));
    }
    return Object.keys(personal).length > 0 ? { clear, personal } : { clear };
  }

  /** Why `agency` may not hold this event; empty when it is entitled to all of it. */
  violations(agency: Agency, event: Pick<EventEnvelope<object>, 'type' | 'purpose' | 'datacategories' | 'data'>): string[] {
    const rule = this.rule(event.type, agency);
    if (!rule) return [`${agency} may not receive ${event.type} under the sharing policy`];
    const problems: string[] = [];
    if (event.purpose !== rule.purpose) {
      problems.push(`${agency} receives ${event.type} only for purpose ${rule.purpose}, not ${event.purpose}`);
    }
    const present = new Set<DataCategory>();
    for (const path of leafPaths(event.data)) {
      const category = rule.fields[path];
      if (category) present.add(category);
      else problems.push(`${agency} is not entitled to data.${path} of ${event.type}`);
    }
    const declared = [...(event.datacategories ?? [])].sort().join(',');
    const actual = [...present].sort().join(',');
    if (declared !== actual) problems.push(`datacategories [${declared}] do not match the fields sent [${actual}]`);
    return problems;
  }

  /** Personal fields (anything but references and status codes) that arrived outside the seal. */
  unsealedPersonalFields(type: string, recipient: Agency, clearData: unknown): string[] {
    const fields = this.rule(type, recipient)?.fields ?? {};
    return leafPaths(clearData).filter((path) => fields[path] !== 'case');
  }

  /** Categories that never leave their owner, and who that owner is. */
  specialCategories(): [DataCategory, CategoryDefinition][] {
    return (Object.entries(this.categories) as [DataCategory, CategoryDefinition][]).filter(([, d]) => d.special);
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const isCategory = (value: unknown): value is DataCategory => (DATA_CATEGORIES as readonly unknown[]).includes(value);
const isAgencyName = (value: unknown): value is Agency => (AGENCIES as readonly unknown[]).includes(value);

/** Parses and checks a policy document; lists every problem at once. */
export function parseSharingPolicy(text: string, source: string): SharingPolicy {
  const problems: string[] = [];
  const document = asRecord(parse(text));
  const categoriesIn = asRecord(document?.categories) ?? {};
  const categories = {} as Record<DataCategory, CategoryDefinition>;
  for (const [name, raw] of Object.entries(categoriesIn)) {
    const definition = asRecord(raw);
    if (!isCategory(name)) problems.push(`unknown data category ${name}`);
    else if (typeof definition?.description !== 'string') problems.push(`category ${name} needs a description`);
    else if (definition.special !== undefined && !isAgencyName(definition.owner)) problems.push(`special category ${name} needs an owner agency`);
    else if (name !== 'case' && !(Number.isInteger(definition.retentionDays) && (definition.retentionDays as number) > 0)) {
      problems.push(`category ${name} needs retentionDays (a positive whole number)`);
    } else {
      categories[name] = {
        description: definition.description,
        special: definition.special as string | undefined,
        owner: definition.owner as Agency | undefined,
        retentionDays: definition.retentionDays as number | undefined,
      };
    }
  }
  for (const name of DATA_CATEGORIES) if (!categoriesIn[name]) problems.push(`category ${name} is not described`);

  const rules: SharingRule[] = [];
  const rawRules = Array.isArray(document?.rules) ? (document.rules as unknown[]) : [];
  if (rawRules.length === 0) problems.push('the policy has no rules');
  rawRules.forEach((raw, index) => {
    const rule = asRecord(raw);
    const where = `rule ${index + 1}${typeof rule?.event === 'string' ? ` (${rule.event} to ${String(rule.to)})` : ''}`;
    const contract = typeof rule?.event === 'string' ? findContract(rule.event) : undefined;
    if (!rule || !contract) return void problems.push(`${where}: unknown event type`);
    if (rule.from !== contract.producer) problems.push(`${where}: ${rule.event} is produced by ${contract.producer}, not ${String(rule.from)}`);
    if (!isAgencyName(rule.to) || !contract.recipients.includes(rule.to))
      problems.push(`${where}: ${String(rule.to)} is not a recipient of ${rule.event} in the contracts`);
    if (typeof rule.purpose !== 'string' || !/^[a-z][a-z0-9-]{2,80}$/.test(rule.purpose)) problems.push(`${where}: purpose must be a kebab-case id`);
    if (typeof rule.legalBasis !== 'string' || rule.legalBasis.trim() === '') problems.push(`${where}: legalBasis is required`);
    const fields = asRecord(rule.fields) ?? {};
    if (Object.keys(fields).length === 0) problems.push(`${where}: no fields`);
    for (const [path, category] of Object.entries(fields)) {
      if (!isCategory(category)) problems.push(`${where}: field ${path} has unknown category ${String(category)}`);
      const owner = isCategory(category) ? categoriesIn[category] && asRecord(categoriesIn[category])?.owner : undefined;
      if (owner !== undefined && (owner !== rule.to || owner !== rule.from)) {
        problems.push(
          `${where}: field ${path} is ${category} data (${String(asRecord(categoriesIn[category as string])?.special)}); it may not leave ${String(owner)}`,
        );
      }
    }
    if (rules.some((r) => r.event === rule.event && r.to === rule.to)) problems.push(`${where}: a second rule for the same event and recipient`);
    rules.push({
      event: rule.event as string,
      from: rule.from as Agency,
      to: rule.to as Agency,
      purpose: rule.purpose as string,
      legalBasis: rule.legalBasis as string,
      fields: fields as Record<string, DataCategory>,
    });
  });
  for (const contract of EVENT_CATALOG) {
    for (const recipient of contract.recipients) {
      if (!rules.some((r) => r.event === contract.type && r.to === recipient))
        problems.push(`no rule for ${contract.type} to ${recipient}: it could never be sent`);
    }
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return new SharingPolicy(categories, rules, source);
}

/** A policy file; by default the reviewed one shipped with this lib. */
export function loadSharingPolicy(file: string = DEFAULT_POLICY_FILE): SharingPolicy {
  return parseSharingPolicy(readFileSync(file, 'utf8'), file);
}
