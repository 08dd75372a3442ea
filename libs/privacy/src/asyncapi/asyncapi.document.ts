import { AGENCIES, DEAD_LETTER_HEADERS, deadLetterTopic, EVENT_CATALOG, type EventContract, inboxTopic, validatorSchemas } from '@casenet/contracts';
import type { SharingPolicy } from '../sharing-policy.js';

type Json = Record<string, unknown>;

/**
 * The AsyncAPI 3.0 description of every topic and event, generated from libs/contracts (the
 * catalog and the class-validator decorators that validate each event) and the sharing policy
 * (what each recipient receives, why, under which legal basis). Agency systems that integrate
 * over events read this instead of our code.
 */
export function asyncApiDocument(policy: SharingPolicy, version: string): Json {
  const allSchemas = validatorSchemas() as Record<string, Json>;
  const dataSchema = (contract: EventContract) => schemaNameOf(contract.dataClass, allSchemas);
  const wanted = reachable(allSchemas, ['EventEnvelope', ...EVENT_CATALOG.map(dataSchema)]);
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  for (const contract of EVENT_CATALOG) messages[messageName(contract)] = message(contract, dataSchema(contract), policy);
  for (const agency of AGENCIES) {
    const incoming = EVENT_CATALOG.filter((c) => c.recipients.includes(agency));
    channels[`${agency}Inbox`] = {
      address: inboxTopic(agency),
      title: `${agency} inbox`,
      description: `Everything addressed to ${agency}: one projection per event, only the fields the sharing policy allows ${agency}. Message key: the caseref, so a case's events stay in order.`,
      messages: Object.fromEntries(incoming.map((c) => [messageName(c), { $ref: `#/components/messages/${messageName(c)}` }])),
    };
    channels[`${agency}DeadLetters`] = {
      address: deadLetterTopic(inboxTopic(agency)),
      title: `${agency} dead letters`,
      description: `What ${agency}'s consumer could not accept, with its original bytes; the reason and the source offset are in the headers.`,
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
    };
    operations[`${agency}Receives`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${agency}Inbox` },
      summary: `${agency} consumes its inbox (consumer group casenet-${agency}-inbox)`,
      messages: incoming.map((c) => ({ $ref: `#/channels/${agency}Inbox/messages/${messageName(c)}` })),
    };
    for (const recipient of AGENCIES) {
      const sent = EVENT_CATALOG.filter((c) => c.producer === agency && c.recipients.includes(recipient));
      if (sent.length === 0) continue;
      operations[`${agency}SendsTo${capitalise(recipient)}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${recipient}Inbox` },
        summary: `${agency} publishes to ${recipient} through its transactional outbox, signed and chained`,
        messages: sent.map((c) => ({ $ref: `#/channels/${recipient}Inbox/messages/${messageName(c)}` })),
      };
    }
  }
  messages.deadLetter = {
    name: 'deadLetter',
    title: 'Dead letter',
    summary: 'A message a consumer rejected, byte for byte as it arrived',
    headers: {
      type: 'object',
      properties: Object.fromEntries(Object.values(DEAD_LETTER_HEADERS).map((h) => [h, { type: 'string' }])),
    },
    payload: { description: 'The original bytes (often, but not always, JSON)' },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'casenet events',
      version,
      description:
        'Case events between the Milan agencies (schools, municipality, police, ATS, juvenile court). Envelopes are CloudEvents 1.0 with casenet extensions: purpose, legal basis and data categories on every event; personal fields sealed under the child’s key (`sealed`); every event signed by its producer and chained (`chainseq`, `prevhash`, `signingkey`, `signature`). Within a version only additive changes are made; a breaking change adds `.v2` beside `.v1`.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      production: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'Apache Kafka with SASL/SCRAM; each agency has its own principal and deny-by-default ACLs (docs/kafka-acls.md)',
        security: [{ $ref: '#/components/securitySchemes/scram' }],
      },
    },
    channels,
    operations,
    components: {
      messages,
      schemas: Object.fromEntries([...wanted].sort().map((name) => [name, allSchemas[name] as Json])),
      securitySchemes: { scram: { type: 'scramSha512', description: 'One principal per agency service (casenet-<agency>)' } },
    },
  };
}

function message(contract: EventContract, schema: string, policy: SharingPolicy): Json {
  const rules = contract.recipients.map((to) => ({ to, rule: policy.rule(contract.type, to) }));
  return {
    name: contract.type,
    title: contract.type,
    summary: contract.summary,
    contentType: 'application/cloudevents+json',
    correlationId: { location: '$message.payload#/correlationid' },
    payload: {
      allOf: [
        { $ref: '#/components/schemas/EventEnvelope' },
        {
          type: 'object',
          properties: {
            type: { const: contract.type },
            source: { const: `urn:casenet:${contract.producer}` },
            data: { $ref: `#/components/schemas/${schema}` },
          },
        },
      ],
    },
    'x-producer': contract.producer,
    // Per recipient: which fields it gets, their categories, and why. Non-`case` fields travel in `sealed`.
    'x-sharing-policy': rules.map(({ to, rule }) => ({ to, purpose: rule?.purpose, legalBasis: rule?.legalBasis, fields: rule?.fields })),
  };
}

function messageName(contract: EventContract): string {
  return contract.type.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase());
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Event classes that only name a shared shape (HealthReferralUpdatedV1 extends ReferralUpdatedV1) use its schema. */
function schemaNameOf(dataClass: EventContract['dataClass'], schemas: Record<string, Json>): string {
  for (let current: unknown = dataClass; typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    if (schemas[(current as { name: string }).name]) return (current as { name: string }).name;
  }
  throw new Error(`no schema for ${dataClass.name}: it has no class-validator decorators`);
}

/** The named schemas the roots refer to, transitively: only contract classes, no HTTP DTOs. */
function reachable(schemas: Record<string, Json>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !schemas[name]) return;
    seen.add(name);
    for (const ref of JSON.stringify(schemas[name]).matchAll(/#\/components\/schemas\/(\w+)/g)) visit(ref[1] as string);
  };
  roots.forEach(visit);
  return seen;
}
