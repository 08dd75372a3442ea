import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoadSettings } from './load.settings.js';
import { isWrite, shedReason } from './load-shedding.policy.js';
import { OverloadedException } from './overload.js';

type Next = (error?: unknown) => void;

/**
 * Holds the API to the bounds of LoadSettings: a request beyond them is answered 503 with
 * `Retry-After` before its body is read (the problem filter writes it), so an overloaded service
 * refuses in microseconds instead of queueing until a pool timeout turns into a 500.
 */
export class LoadShedder {
  private inFlightWrites = 0;

  constructor(
    private readonly settings: LoadSettings,
    /** The longest queue of queries waiting for a pooled connection, read at each request. */
    private readonly poolWaiting: () => number,
  ) {}

  get writesInFlight(): number {
    return this.inFlightWrites;
  }

  readonly middleware = (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: Next): void => {
    const path = request.originalUrl ?? request.url ?? '/';
    const reason = shedReason({ method: request.method, path }, { inFlightWrites: this.inFlightWrites, poolWaiting: this.poolWaiting() }, this.settings);
    if (reason) return next(new OverloadedException(reason, this.settings.retryAfterSeconds));
    if (isWrite(request.method)) {
      this.inFlightWrites += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.inFlightWrites -= 1;
      };
      // A caller hanging up frees its slot early while its transaction may still run: the pool
      // bound still sees that work, and 'finish' alone would leak the slot for good.
      response.once('finish', release);
      response.once('close', release);
    }
    next();
  };
}
