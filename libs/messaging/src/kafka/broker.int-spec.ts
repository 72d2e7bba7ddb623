import { Partitioners, type Kafka } from 'kafkajs';
import { testBrokers, testKafka, testTopics, uniqueName, type TestTopics } from '../testing/kafka-test-kit';
import { ensureTopics } from './topics';

// The broker infra/kafka/start.sh runs for the integration tier (via test/global-setup.ts): one KRaft
// node on loopback that never creates topics by itself.

describe('test broker (infra/kafka)', () => {
  let kafka: Kafka;
  let topics: TestTopics;
  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
  });
  afterAll(() => topics.cleanUp());

  it('given the integration tier, when asked for metadata, then one broker answers on loopback with an active controller', async () => {
    const cluster = await topics.admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(`${cluster.brokers[0]!.host}:${cluster.brokers[0]!.port}`).toBe(testBrokers()[0]);
    expect(cluster.controller).toBe(cluster.brokers[0]!.nodeId);
  });

  it('given a topic nobody created, when produced to, then the broker refuses instead of creating it', async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 1 } });
    await producer.connect();
    try {
      await expect(producer.send({ topic: uniqueName('test.missing'), messages: [{ value: 'x' }] })).rejects.toThrow(
        /does not host this topic-partition|UNKNOWN_TOPIC/i,
      );
    } finally {
      await producer.disconnect();
    }
  });

  it('given ensureTopics, when called twice, then it creates the missing topics once and leaves existing ones alone', async () => {
    const a = uniqueName('test.ensure');
    const b = uniqueName('test.ensure');
    topics.track(a, b);
    expect(await ensureTopics(topics.admin, [{ topic: a, numPartitions: 2 }])).toEqual([a]);
    expect(
      await ensureTopics(topics.admin, [
        { topic: a, numPartitions: 5 },
        { topic: b, numPartitions: 1 },
      ]),
    ).toEqual([b]);
    const metadata = await topics.admin.fetchTopicMetadata({ topics: [a, b] });
    expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
      [
        [a, 2],
        [b, 1],
      ].sort(),
    );
  });
});
