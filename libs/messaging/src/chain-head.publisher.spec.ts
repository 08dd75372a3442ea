import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { SigningKey } from '@casenet/audit-log';
import { generateKeyPairSync } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ChainHeadPublisher, DEFAULT_CHAIN_HEAD_MIN_GAP_MS } from './chain-head.publisher.js';
import type { KafkaConnection } from './kafka.connection.js';
import type { MessagingOptions } from './messaging.options.js';

/** A ledger that grows by one event per batch, and the heads recorded against it. */
function fakeDatabase() {
  let ledgerSeq = 0;
  const heads: { headseq: string; chainseq: string }[] = [];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      if (sql.includes('FROM ledger')) return ledgerSeq === 0 ? [] : [{ seq: String(ledgerSeq), hash: `h${ledgerSeq}` }];
      if (sql.includes('FROM chain_heads') && sql.includes('FOR UPDATE')) return [];
      if (sql.includes('FROM chain_heads')) return heads.length === 0 ? [] : [{ ...heads[heads.length - 1], stale: false }];
      if (sql.startsWith('SELECT now()')) return [{ now: new Date() }];
      if (sql.startsWith('INSERT INTO chain_heads')) heads.push({ headseq: String(params[0]), chainseq: String(params[1]) });
      return [];
    },
  } as unknown as EntityManager;
  return { manager, heads, publishBatch: () => (ledgerSeq += 1) };
}

/** Sending only marks the heads: the broker is not what this spec is about. */
function publisher(manager: EntityManager): { heads: ChainHeadPublisher; sent: unknown[] } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const options = { agency: 'schools', topicPrefix: '', signingKey: new SigningKey('schools-test', privateKey) } as unknown as MessagingOptions;
  const sent: unknown[] = [];
  const dataSource = { transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
  const connection = { getProducer: async () => ({ send: async (record: unknown) => void sent.push(record) }) } as unknown as KafkaConnection;
  return { heads: new ChainHeadPublisher(dataSource, connection, options), sent };
}

describe('chain heads while events flow (ADR 0026 amending ADR 0014)', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('records a head with a batch, then none within the minimum gap, and owes one once the gap has passed', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T08:00:00Z') });
    const db = fakeDatabase();
    const { heads } = publisher(db.manager);
    db.publishBatch();
    expect(await heads.recordIn(db.manager)).toBe(true);
    expect(db.heads).toEqual([{ headseq: '1', chainseq: '1' }]);
    await heads.send();

    jest.advanceTimersByTime(DEFAULT_CHAIN_HEAD_MIN_GAP_MS / 2);
    db.publishBatch();
    expect(await heads.recordIn(db.manager)).toBe(false); // inside the gap: the second batch is not vouched for yet
    expect(db.heads).toHaveLength(1);
    expect(heads.due).toBe(false);
    expect(heads.msUntilDue()).toBe(DEFAULT_CHAIN_HEAD_MIN_GAP_MS / 2);

    jest.advanceTimersByTime(DEFAULT_CHAIN_HEAD_MIN_GAP_MS / 2);
    expect(heads.due).toBe(true); // the relay's next look takes the owed head (publish → recordIn forced)
    expect(await heads.recordIn(db.manager, true)).toBe(true);
    expect(db.heads).toEqual([
      { headseq: '1', chainseq: '1' },
      { headseq: '2', chainseq: '2' },
    ]);
  });
});
