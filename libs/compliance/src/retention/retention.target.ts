import type { DataCategory } from '@casenet/privacy';

/**
 * Personal data a service holds, and when it is due: `sql` is an UPDATE that replaces due
 * sealed values with `$2` (the expiry marker) where the record's clock is before `$1` (the
 * cutoff), and must touch only values still sealed.
 */
export interface RetentionTarget {
  name: string;
  category: DataCategory;
  sql: string;
}

export const RETENTION_TARGETS = Symbol('RETENTION_TARGETS');
