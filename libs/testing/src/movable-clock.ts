import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DAY_MS = 86_400_000;

/**
 * A CLOCK_OFFSET_FILE for one service under test: starts at 0, `move` shifts the service's Clock.
 * Hand `env` to the service when starting it.
 */
export class MovableClock {
  readonly file = join(mkdtempSync(join(tmpdir(), 'casenet-clock-')), 'offset-ms');

  constructor() {
    writeFileSync(this.file, '0');
  }

  get env(): { CLOCK_OFFSET_FILE: string } {
    return { CLOCK_OFFSET_FILE: this.file };
  }

  move(offsetMs: number): void {
    writeFileSync(this.file, String(offsetMs));
  }
}

/**
 * `{ label, near }`, near when `value` is within two minutes of the real time moved by `offsetMs`:
 * the service read its Clock, not the system time. Compared whole, a failure names the timestamp.
 */
export function clockReading(label: string, value: Date | string | null | undefined, offsetMs: number): { label: string; near: boolean } {
  const time = value === null || value === undefined ? NaN : new Date(value).getTime();
  return { label, near: Math.abs(time - (Date.now() + offsetMs)) < 120_000 };
}
