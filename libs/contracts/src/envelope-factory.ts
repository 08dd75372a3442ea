import { randomUUID } from 'node:crypto';
import { type Agency, agencySource } from './agencies.js';
import { EventEnvelope, SPEC_VERSION } from './envelope.js';

/** What the sharing policy says about this disclosure; see @casenet/privacy. */
export interface Disclosure {
  purpose: string;
  legalbasis: string;
  datacategories: string[];
}

export interface NewEventArgs<T extends object> {
  producer: Agency;
  type: string;
  caseref: string;
  subject: string;
  data: T;
  disclosure: Disclosure;
  /** The event that caused this one, if any: its id becomes causationid, its correlationid is kept. */
  cause?: Pick<EventEnvelope<object>, 'id' | 'correlationid'>;
  correlationid?: string;
  time?: Date;
}

export function newEvent<T extends object>(args: NewEventArgs<T>): EventEnvelope<T> {
  const event = new EventEnvelope<T>();
  event.id = randomUUID();
  event.source = agencySource(args.producer);
  event.type = args.type;
  event.specversion = SPEC_VERSION;
  event.time = (args.time ?? new Date()).toISOString();
  event.subject = args.subject;
  event.datacontenttype = 'application/json';
  event.caseref = args.caseref;
  event.correlationid = args.cause?.correlationid ?? args.correlationid ?? randomUUID();
  if (args.cause) event.causationid = args.cause.id;
  event.purpose = args.disclosure.purpose;
  event.legalbasis = args.disclosure.legalbasis;
  event.datacategories = [...args.disclosure.datacategories];
  event.data = args.data;
  return event;
}

/** A new cross-agency case reference, minted where a case's story starts (the first report). */
export function newCaseref(): string {
  return `CR-${randomUUID().replace(/-/g, '').toUpperCase()}`;
}
