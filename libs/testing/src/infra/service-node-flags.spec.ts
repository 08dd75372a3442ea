import { describe, expect, it } from '@jest/globals';
import { AGENCIES } from '@casenet/contracts';
import { heapSizedForService, SERVICE_NODE_FLAGS } from '@casenet/service-runtime';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REPO_ROOT } from './paths.js';

interface Compose {
  services: Record<string, { environment?: Record<string, string> }>;
}

describe('the agency services are launched with their heap sizes (ADR 0032)', () => {
  it('docker-compose gives every agency service the flags the test harness passes', () => {
    const compose = parse(readFileSync(`${REPO_ROOT}docker-compose.yml`, 'utf8'), { merge: true }) as Compose;
    for (const agency of AGENCIES) expect([agency, compose.services[agency]?.environment?.NODE_OPTIONS]).toEqual([agency, SERVICE_NODE_FLAGS.join(' ')]);
  });

  it('the flags give node a heap the service accepts as sized', () => {
    const limit = execFileSync(process.execPath, [...SERVICE_NODE_FLAGS, '-p', "require('node:v8').getHeapStatistics().heap_size_limit"], { encoding: 'utf8' });
    expect(heapSizedForService(Number(limit))).toBe(true);
  });

  it('tells a heap sized by the flags from one left at V8 defaults', () => {
    expect(heapSizedForService((256 + 12) * 1024 * 1024)).toBe(true);
    // Only --max-old-space-size=256: the default 16 MB semi-spaces are over.
    expect(heapSizedForService((256 + 48) * 1024 * 1024)).toBe(false);
    // Neither: V8 sizes the heap from the machine's memory.
    expect(heapSizedForService(4144 * 1024 * 1024)).toBe(false);
  });
});
