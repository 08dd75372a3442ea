import { readFileSync } from 'node:fs';

/**
 * The service's notion of "now". In production it is the system clock. In tests and demos a
 * file (CLOCK_OFFSET_FILE) holds milliseconds to add, so several service processes can be moved
 * forward together, and stay moved across a restart, without touching the machine's clock.
 */
export class Clock {
  private cached?: { offset: number; readAt: number };

  constructor(private readonly offsetFile?: string) {}

  now(): Date {
    return new Date(Date.now() + this.offset());
  }

  private offset(): number {
    if (!this.offsetFile) return 0;
    const readAt = Date.now();
    if (this.cached && readAt - this.cached.readAt < 200) return this.cached.offset;
    let offset = 0;
    try {
      const text = readFileSync(this.offsetFile, 'utf8').trim();
      offset = /^-?\d+$/.test(text) ? Number(text) : 0;
    } catch {
      offset = 0; // no file yet: no offset
    }
    this.cached = { offset, readAt };
    return offset;
  }
}
