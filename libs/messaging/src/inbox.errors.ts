/**
 * Thrown by a handler when an event can never be applied (it refers to something that does not
 * exist here, or breaks a rule of this agency). It is dead-lettered at once, without retries.
 */
export class RejectedEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedEventError';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/**
 * The database or network is away: not the message's fault. Such errors are never counted
 * towards dead-lettering; the message stays uncommitted and Kafka redelivers it.
 */
export function isInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(error.message);
}
