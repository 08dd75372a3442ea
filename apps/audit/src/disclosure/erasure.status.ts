import { type PseudonymSpace, pseudonymSpace } from '@casenet/privacy';
import type pg from 'pg';

/** A data key version of one of the child's pseudonyms, as the key vault records it. */
export interface KeyVersionRow {
  subject: string;
  version: number;
  erasedAt: Date | null;
}

export interface ErasureStatus {
  /** Some data key of the child was destroyed: what was sealed under it is gone for good. */
  erased: boolean;
  /** When each erasure happened (the vault's own time), oldest first. */
  erasedAt: string[];
  /** Per pseudonym space: how many key versions existed, how many are destroyed, whether one is live (data sealed after an erasure). */
  spaces: { space: PseudonymSpace | 'unknown'; versions: number; erasedVersions: number; live: boolean }[];
}

/** What became of a sealed part: no personal data travelled, its key is live, or its key is destroyed. */
export type SealedState = 'none' | 'sealed' | 'erased' | 'unknown-key';

/** Reads only which key versions exist and when they were destroyed: never a key. */
export async function readKeyVersions(vault: pg.Pool, subjects: readonly string[]): Promise<KeyVersionRow[]> {
  const rows = (
    await vault.query<{ subject: string; version: number; erased_at: Date | null }>(
      'SELECT subject, version, erased_at FROM subject_keys WHERE subject = ANY($1::text[]) ORDER BY subject, version',
      [subjects],
    )
  ).rows;
  return rows.map((r) => ({ subject: r.subject, version: r.version, erasedAt: r.erased_at }));
}

export function erasureStatus(rows: readonly KeyVersionRow[]): ErasureStatus {
  const bySpace = new Map<PseudonymSpace | 'unknown', { versions: number; erasedVersions: number; live: boolean }>();
  const times = new Set<string>();
  for (const row of rows) {
    const space = pseudonymSpace(row.subject) ?? 'unknown';
    const entry = bySpace.get(space) ?? { versions: 0, erasedVersions: 0, live: false };
    entry.versions += 1;
    if (row.erasedAt) {
      entry.erasedVersions += 1;
      times.add(row.erasedAt.toISOString());
    } else entry.live = true;
    bySpace.set(space, entry);
  }
  return {
    erased: times.size > 0,
    erasedAt: [...times].sort(),
    spaces: [...bySpace.entries()].map(([space, s]) => ({ space, ...s })),
  };
}

/** The sealed part of an event names its key version (`sealed:v1:<version>:…`); the vault says whether that key still exists. */
export function sealedState(sealed: unknown, subject: unknown, rows: readonly KeyVersionRow[]): SealedState {
  if (typeof sealed !== 'string') return 'none';
  const version = Number(/^sealed:v1:(\d+):/.exec(sealed)?.[1]);
  const row = rows.find((r) => r.subject === subject && r.version === version);
  if (!row) return 'unknown-key';
  return row.erasedAt ? 'erased' : 'sealed';
}
