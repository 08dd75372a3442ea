import type { Admin } from 'kafkajs';

export interface PartitionLag {
  partition: number;
  /** Messages on the partition the group has not yet committed past. */
  lag: number;
}

/**
 * Lag per partition from the group's committed offsets and the topic's watermarks. A partition
 * the group never committed on is read from its low watermark (the inbox consumes from the
 * beginning), so everything still on it counts.
 */
export function lagOf(
  committed: readonly { partition: number; offset: string }[],
  ends: readonly { partition: number; high: string; low: string }[],
): PartitionLag[] {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return ends
    .map(({ partition, high, low }) => {
      const offset = byPartition.get(partition) ?? -1;
      const from = offset >= 0 ? offset : Number(low);
      return { partition, lag: Math.max(0, Number(high) - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** The inbox consumer group's lag on its topic: two admin requests, no consumer joined. */
export async function readConsumerLag(admin: Admin, groupId: string, topic: string): Promise<PartitionLag[]> {
  const [offsets, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), admin.fetchTopicOffsets(topic)]);
  return lagOf(offsets.find((o) => o.topic === topic)?.partitions ?? [], ends);
}
