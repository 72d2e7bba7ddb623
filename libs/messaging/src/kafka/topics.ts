import type { Admin } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Topic-level configs, e.g. `max.message.bytes`. */
  configs?: Record<string, string>;
}

/**
 * Creates the topics that do not exist yet; existing ones are left as they are (partitions, configs).
 * The broker does not create topics on first use (auto.create.topics.enable=false on ours, and it should
 * be off in production too), so the apps create what they write to and read from. Replication factor
 * is the broker's default.
 */
export const ensureTopics = async (admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> => {
  if (specs.length === 0) return [];
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length === 0) return [];
  // Another process may create the same topic between the list and this call: kafkajs then answers
  // false for it (TOPIC_ALREADY_EXISTS) rather than failing.
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((s) => ({
      topic: s.topic,
      numPartitions: s.numPartitions,
      ...(s.configs && { configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })) }),
    })),
  });
  return missing.map((s) => s.topic);
};
