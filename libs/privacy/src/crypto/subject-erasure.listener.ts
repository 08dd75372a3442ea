import { PgChannelListener } from '../pg-channel.listener.js';
import { SUBJECT_ERASED_CHANNEL } from './subject-key-vault.js';

export interface SubjectErasureHandlers {
  /** A subject's keys were destroyed (the payload of one notification). */
  erased(subject: string): void;
  /** (Re)connected: whatever was notified while no connection listened is unknown. */
  connected(): void;
}

/** Visible in pg_stat_activity, so an operator (or a test) can tell the key caches' listeners apart. */
export const KEY_CACHE_LISTENER_APPLICATION = 'casenet-key-cache';

/**
 * LISTENs on the vault for `subject_erased` with one dedicated connection and reconnects when
 * it is lost. Until it is back, the key cache's max age is what bounds a missed erasure.
 */
export class SubjectErasureListener extends PgChannelListener {
  constructor(url: string, handlers: SubjectErasureHandlers, reconnectMs = 1_000) {
    super(
      url,
      SUBJECT_ERASED_CHANNEL,
      {
        notified: (subject) => {
          if (subject) handlers.erased(subject);
        },
        connected: () => handlers.connected(),
      },
      { applicationName: KEY_CACHE_LISTENER_APPLICATION, retryMs: () => reconnectMs },
    );
  }
}
