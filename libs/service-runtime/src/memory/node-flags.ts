import { getHeapStatistics } from 'node:v8';

/** V8's heap sizes for an agency service, in MB (ADR 0032). */
export const SERVICE_HEAP_MB = {
  /**
   * Each of the young generation's two semi-spaces. V8's default (16) keeps 32 MB committed from
   * boot on; at 4 a scavenge runs more often but copies the same survivors.
   */
  semiSpace: 4,
  /**
   * The old generation's hard limit, about five times what a service keeps alive. Below V8's
   * 256 MB threshold its heap grows by at most 1.3× the live size between full collections,
   * instead of up to 4× on a machine with memory to spare: garbage promoted under load is
   * collected at tens of MB, not left to pile up to hundreds.
   */
  oldSpace: 256,
} as const;

/**
 * The node flags every launcher of an agency service passes (the test and benchmark harness,
 * docker-compose's NODE_OPTIONS): V8 sizes its heap when the process starts, so a service
 * cannot apply them to itself.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${SERVICE_HEAP_MB.semiSpace}`, `--max-old-space-size=${SERVICE_HEAP_MB.oldSpace}`];

/**
 * Whether this process's heap is no larger than SERVICE_NODE_FLAGS allow. V8's limit is the old
 * generation plus three semi-spaces (two, and the young large-object space).
 */
export function heapSizedForService(heapSizeLimit = getHeapStatistics().heap_size_limit): boolean {
  return heapSizeLimit <= (SERVICE_HEAP_MB.oldSpace + 3 * SERVICE_HEAP_MB.semiSpace) * 1024 * 1024;
}
