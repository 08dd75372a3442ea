import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Admin, Kafka, logLevel, type LogEntry, Partitioners, type Producer } from 'kafkajs';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';

/** kafkajs logs go through the service's structured logger instead of the console. */
function kafkajsLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, ...rest } = log;
      const line = { msg: `kafkajs: ${message}`, ...rest };
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else logger.debug?.(line);
    };
}

/** One kafkajs client per service: the idempotent producer of the outbox relay and an admin for health. */
@Injectable()
export class KafkaConnection implements OnModuleDestroy {
  private readonly logger = new Logger('Kafka');
  readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      sasl: options.sasl,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(this.logger),
    });
  }

  /** Idempotent (acks all, one request in flight): a retried send never writes a message twice. */
  getProducer(): Promise<Producer> {
    this.producer ??= this.connect(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        // Murmur2 like the Java client, so keys land on the same partitions as other producers'.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  /** The connected admin client (health, and the consumer lag the metrics read). */
  getAdmin(): Promise<Admin> {
    this.admin ??= this.connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  /** The number of brokers; throws with a message naming the cause, refused credentials above all. */
  async ping(timeoutMs: number): Promise<number> {
    try {
      const admin = await this.getAdmin();
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs, 'Kafka did not answer in time');
      return cluster.brokers.length;
    } catch (error) {
      throw new Error(this.explain(error));
    }
  }

  /** Whether the broker refused this service's SASL credentials (not worth retrying until they change). */
  static refusedCredentials(error: unknown): boolean {
    return error instanceof Error && (error.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed/i.test(error.message));
  }

  private explain(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (!KafkaConnection.refusedCredentials(error)) return message;
    const who = this.options.sasl && 'username' in this.options.sasl ? `${this.options.sasl.username} (${this.options.sasl.mechanism})` : 'this service';
    return `Kafka refused the credentials of ${who}: check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. ${message}`;
  }

  async onModuleDestroy(): Promise<void> {
    const clients = await Promise.allSettled([this.producer, this.admin].filter((c) => c !== undefined));
    await Promise.allSettled(clients.flatMap((c) => (c.status === 'fulfilled' && c.value ? [c.value.disconnect()] : [])));
  }

  private async connect<T extends Producer | Admin>(client: T, forget: () => void): Promise<T> {
    try {
      await client.connect();
      return client;
    } catch (error) {
      forget();
      throw error;
    }
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
