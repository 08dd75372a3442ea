/**
 * A figure read from the database or the broker for a scrape: read at most once per `maxAgeMs`
 * (concurrent scrapes share one read), given up after `timeoutMs`. A failed or late read keeps
 * the last value, so /metrics answers promptly even when the database is saturated.
 */
export class CachedReading<T> {
  private value?: T;
  private readAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly timeoutMs: number,
    private readonly onFailure: (error: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T | undefined> {
    if (this.now() - this.readAt >= this.maxAgeMs) {
      this.pending ??= this.refresh().finally(() => (this.pending = undefined));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs)));
      await Promise.race([this.pending, late]).finally(() => clearTimeout(timer));
    }
    return this.value;
  }

  private async refresh(): Promise<void> {
    try {
      this.value = await this.read();
      this.readAt = this.now();
    } catch (error) {
      this.onFailure(error);
    }
  }
}
