import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { agencySource } from './agencies.js';
import { EventEnvelope } from './envelope.js';
import { type EventContract, findContract } from './event-catalog.js';
import { type FieldProblem, fieldProblems } from './problem.js';
import { agencyOfInbox } from './topics.js';

export type EventCheck = { ok: true; event: EventEnvelope<object>; contract: EventContract } | { ok: false; reason: string; errors?: FieldProblem[] };

export class EventValidationError extends Error {
  constructor(readonly reason: string) {
    super(`invalid event: ${reason}`);
    this.name = 'EventValidationError';
  }
}

/** One line per failing field, with its dotted path: `data.pupil.taxCode: taxCode must be ...`. */
export function describeValidationErrors(errors: readonly ValidationError[], prefix = ''): string[] {
  return lines(fieldProblems(errors, prefix));
}

function lines(problems: readonly FieldProblem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}

const STRICT = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/**
 * Every event is checked on publish and again on receipt, so this runs on the hot path. The
 * contracts register no asynchronous constraint (a spec keeps it so), which makes the
 * synchronous validator give the same answer without a promise per property.
 */
function problemsOf(object: object, prefix?: string): FieldProblem[] {
  return fieldProblems(validateSync(object, STRICT), prefix);
}

/**
 * Checks an event against the catalog for the topic it travels on: envelope shape, known type,
 * right producer, addressed to the topic's reader, and data exactly as the contract allows
 * (unknown fields are an error, so a projection that leaks a field is caught on both sides).
 */
export async function checkEvent(plain: unknown, topic: string): Promise<EventCheck> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, reason: 'event must be a JSON object' };
  }
  const envelope = plainToInstance(EventEnvelope, plain);
  const envelopeErrors = problemsOf(envelope);
  if (envelopeErrors.length > 0) return { ok: false, reason: `envelope: ${lines(envelopeErrors).join('; ')}`, errors: envelopeErrors };

  const contract = findContract(envelope.type);
  if (!contract) return { ok: false, reason: `unknown event type ${envelope.type}` };
  const reader = agencyOfInbox(topic);
  if (!reader || !contract.recipients.includes(reader)) {
    return { ok: false, reason: `event type ${contract.type} may not be sent to topic ${topic}` };
  }
  if (envelope.source !== agencySource(contract.producer)) {
    return { ok: false, reason: `event type ${contract.type} must come from ${agencySource(contract.producer)}, not ${envelope.source}` };
  }
  const data = plainToInstance(contract.dataClass, envelope.data);
  const dataErrors = problemsOf(data, 'data');
  if (dataErrors.length > 0) return { ok: false, reason: lines(dataErrors).join('; '), errors: dataErrors };
  envelope.data = data;
  return { ok: true, event: envelope, contract };
}

/** Parses raw message bytes and checks them; never throws. */
export async function checkRawEvent(raw: Buffer | string | null | undefined, topic: string): Promise<EventCheck> {
  if (raw === null || raw === undefined || raw.length === 0) return { ok: false, reason: 'empty message' };
  let plain: unknown;
  try {
    plain = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  return checkEvent(plain, topic);
}

/** For producers: fail loudly before an invalid event can reach the outbox. */
export async function assertValidEvent(plain: EventEnvelope<object>, topic: string): Promise<void> {
  const result = await checkEvent(JSON.parse(JSON.stringify(plain)), topic);
  if (!result.ok) throw new EventValidationError(result.reason);
}
