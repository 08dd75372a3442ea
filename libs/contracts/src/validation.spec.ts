import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { EVENT_CATALOG } from './event-catalog.js';
import { newCaseref, newEvent } from './envelope-factory.js';
import { ReportStatusChangedV1 } from './events/report-status-changed.v1.js';
import { assertValidEvent, checkEvent, checkRawEvent } from './validation.js';

const statusEvent = (data: Record<string, unknown> = {}) =>
  newEvent({
    producer: 'municipality',
    type: ReportStatusChangedV1.type,
    caseref: newCaseref(),
    subject: 'report/x',
    disclosure: { purpose: 'feedback-to-reporting-school', legalbasis: 'GDPR art. 6(1)(e)', datacategories: ['case'] },
    data: { reportId: randomUUID(), status: 'received', changedAt: new Date().toISOString(), ...data },
  });

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('event validation', () => {
  it('accepts a well-formed event on the inbox of its recipient', async () => {
    const result = await checkEvent(plain(statusEvent()), 'schools.inbox.v1');
    expect(result.ok).toBe(true);
  });

  it('rejects the same event on another agency’s inbox', async () => {
    const result = await checkEvent(plain(statusEvent()), 'police.inbox.v1');
    expect(result).toEqual({ ok: false, reason: 'event type municipality.report-status.changed.v1 may not be sent to topic police.inbox.v1' });
  });

  it('rejects an event claiming another producer', async () => {
    const result = await checkEvent({ ...plain(statusEvent()), source: 'urn:casenet:police' }, 'schools.inbox.v1');
    expect(result.ok || result.reason).toMatch(/must come from urn:casenet:municipality/);
  });

  it('rejects fields the contract does not have, so a leaking projection cannot pass', async () => {
    const result = await checkEvent(plain(statusEvent({ notes: 'private' })), 'schools.inbox.v1');
    expect(result.ok || result.reason).toBe('data.notes: property notes should not exist');
  });

  it('names every failing field with its path', async () => {
    const result = await checkEvent(plain(statusEvent({ status: 'arrested', reportId: 'nope' })), 'schools.inbox.v1');
    expect(result.ok || result.reason).toMatch(/data\.reportId: .*UUID.*; data\.status: status must be one of/);
  });

  it('rejects unknown types, bad envelopes, bad JSON and empty messages', async () => {
    expect(await checkEvent({ ...plain(statusEvent()), type: 'schools.pizza.ordered.v1' }, 'schools.inbox.v1')).toEqual({
      ok: false,
      reason: 'unknown event type schools.pizza.ordered.v1',
    });
    expect((await checkEvent({ ...plain(statusEvent()), specversion: '0.3' }, 'schools.inbox.v1')).ok).toBe(false);
    expect((await checkRawEvent('{', 'schools.inbox.v1')).ok || 'x').toBe('x');
    expect(await checkRawEvent(null, 'schools.inbox.v1')).toEqual({ ok: false, reason: 'empty message' });
    expect(await checkEvent([1, 2], 'schools.inbox.v1')).toEqual({ ok: false, reason: 'event must be a JSON object' });
  });

  it('stops an invalid event before it reaches the outbox', async () => {
    await expect(assertValidEvent(statusEvent({ status: 'arrested' }), 'schools.inbox.v1')).rejects.toThrow(/data\.status/);
    await expect(assertValidEvent(statusEvent(), 'schools.inbox.v1')).resolves.toBeUndefined();
  });

  it('registers no asynchronous constraint, which the synchronous validator would skip', () => {
    expect(EVENT_CATALOG.length).toBeGreaterThan(0); // every contract class (and so its decorators) is loaded
    // class-validator keeps custom constraints here; the public API has no way to list them.
    const storage = getMetadataStorage() as unknown as { constraintMetadatas: Map<unknown, { async: boolean; name: string }[]> };
    const constraints = [...storage.constraintMetadatas.values()].flat();
    expect(constraints.length).toBeGreaterThan(0);
    expect(constraints.filter((c) => c.async).map((c) => c.name)).toEqual([]);
  });
});
