/** The five agencies that run a service. Each one is its own data controller. */
export const AGENCIES = ['schools', 'municipality', 'police', 'health', 'court'] as const;
export type Agency = (typeof AGENCIES)[number];

export function isAgency(value: unknown): value is Agency {
  return typeof value === 'string' && (AGENCIES as readonly string[]).includes(value);
}

/** CloudEvents `source` of everything an agency publishes. */
export function agencySource(agency: Agency): string {
  return `urn:casenet:${agency}`;
}

/** The producer a `source` names (`urn:casenet:<name>` → `<name>`), or undefined for anything else. */
export function producerOfSource(source: unknown): string | undefined {
  return typeof source === 'string' && source.startsWith('urn:casenet:') ? source.slice('urn:casenet:'.length) : undefined;
}
