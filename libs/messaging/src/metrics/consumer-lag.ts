/**
 * Consumer lag per topic-partition: the partition's high watermark minus the group's committed offset,
 * the number of messages the group still has to take. Read at scrape time with two admin requests per
 * topic (the group's offsets, the topic's ends); the computation is pure.
 */
import type { Admin } from 'kafkajs';

/** A partition's ends as kafkajs reports them (decimal strings: offsets are 64-bit). */
export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}

/** The group's committed offset of a partition; `-1` when it never committed there. */
export interface CommittedOffset {
  partition: number;
  offset: string;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/**
 * Messages left per partition. A partition the group never committed is read from the beginning
 * (the consumer subscribes fromBeginning), so its lag is everything retained, high − low; a committed
 * offset below `low` (retention removed messages) counts from `low` too.
 */
export const consumerLag = (
  topic: string,
  ends: readonly PartitionEnds[],
  committed: readonly CommittedOffset[],
): PartitionLag[] => {
  const committedAt = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  return ends.map(({ partition, low, high }) => {
    const start = BigInt(low);
    const end = BigInt(high);
    const at = committedAt.get(partition) ?? -1n;
    const from = at < start ? start : at;
    return { topic, partition, lag: Number(end > from ? end - from : 0n) };
  });
};

/** The group's lag on every ingest topic, through one admin client kept connected by the caller. */
export const readConsumerLag = async (
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> => {
  const [groupOffsets, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [...topics] }),
    Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic))),
  ]);
  return topics.flatMap((topic, i) =>
    consumerLag(topic, ends[i]!, groupOffsets.find((g) => g.topic === topic)?.partitions ?? []),
  );
};
