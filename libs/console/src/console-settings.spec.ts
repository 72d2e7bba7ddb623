import { loadConsoleSettings } from './console-settings';

describe('console settings', () => {
  it('given nothing, then no operator tenant and no Kafka', () =>
    expect(loadConsoleSettings({})).toEqual({ operatorTenants: [] }));

  it('given operator tenants and brokers, then both, with the dead-letter topic and topic tenants', () => {
    const settings = loadConsoleSettings({
      CRM_OPERATOR_TENANTS: 'platform, platform,ops-team',
      KAFKA_BROKERS: '127.0.0.1:19092',
      KAFKA_TENANTS: 'acme',
      KAFKA_TOPIC_TENANTS: 'crm.customer-events.v1=acme',
    });
    expect(settings.operatorTenants).toEqual(['platform', 'ops-team']);
    expect(settings.kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      deadLetterTopic: 'crm.customer-events.v1.dlq',
      topicTenants: new Map([['crm.customer-events.v1', 'acme']]),
    });
  });

  it('given the test-only rebuild delay, then it is taken outside production and refused in it', () => {
    expect(loadConsoleSettings({ CRM_TEST_REBUILD_PAGE_DELAY_MS: '150' }).testRebuildPageDelayMs).toBe(150);
    expect(() => loadConsoleSettings({ CRM_TEST_REBUILD_PAGE_DELAY_MS: '150', NODE_ENV: 'production' })).toThrow(
      /test-only/,
    );
  });

  it('given a bad operator tenant and a bad Kafka setting, then one error listing both', () => {
    let caught: unknown;
    try {
      loadConsoleSettings({ CRM_OPERATOR_TENANTS: 'system,Bad Name', KAFKA_BROKERS: 'x:1', KAFKA_ROLES: 'nope' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      name: 'ConfigError',
      problems: [
        expect.objectContaining({ variable: 'CRM_OPERATOR_TENANTS' }),
        expect.objectContaining({ variable: 'KAFKA_ROLES' }),
      ],
    });
  });
});
