import { ConfigError, loadAppConfig, type AppConfig } from './app-config';

const given = (env: NodeJS.ProcessEnv) => {
  const load = (): AppConfig => loadAppConfig(env);
  return {
    thenConfig: (expected: Partial<AppConfig>): void => expect(load()).toEqual(expect.objectContaining(expected)),
    thenConfigEquals: (expected: AppConfig): void => expect(load()).toEqual(expected),
    /** Exactly these variables are reported, in this order, and the message names each of them. */
    thenProblems: (variables: string[], messageFragments: string[] = []): void => {
      let error: unknown;
      try {
        load();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const configError = error as ConfigError;
      expect(configError.problems.map((p) => p.variable)).toEqual(variables);
      for (const variable of variables) expect(configError.message).toContain(`${variable}:`);
      for (const fragment of messageFragments) expect(configError.message).toContain(fragment);
    },
  };
};

describe('loadAppConfig', () => {
  it('uses the documented defaults when nothing is set', () =>
    given({}).thenConfigEquals({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.data',
      eventStore: 'sqlite',
      readModelStore: 'sqlite',
    }));

  it('treats blank variables as unset', () =>
    given({ PORT: '', HOST: '  ', EVENT_STORE: '', DATA_DIR: '' }).thenConfig({
      port: 3000,
      host: '127.0.0.1',
      eventStore: 'sqlite',
      dataDir: './.data',
    }));

  it('reads every variable', () =>
    given({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/crm',
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: 'postgres://crm@127.0.0.1:5432/crm',
      KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false',
      KAFKA_BROKERS: '127.0.0.1:9092, kafka-2.internal:9093',
    }).thenConfigEquals({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/crm',
      eventStore: 'postgres',
      readModelStore: 'postgres',
      databaseUrl: 'postgres://crm@127.0.0.1:5432/crm',
      kurrentdbUrl: 'kurrentdb://127.0.0.1:2113?tls=false',
      kafkaBrokers: ['127.0.0.1:9092', 'kafka-2.internal:9093'],
    }));

  it('selects KurrentDB when its URL is given', () =>
    given({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' }).thenConfig({
      eventStore: 'kurrentdb',
      kurrentdbUrl: 'kurrentdb://127.0.0.1:2113?tls=false',
    }));

  it.each(['0', '65536', '-1', '80.5', 'http', '1e3', '3000abc'])('rejects PORT=%s', (port) =>
    given({ PORT: port }).thenProblems(['PORT']),
  );

  it.each(['1', '65535'])('accepts PORT=%s', (port) => given({ PORT: port }).thenConfig({ port: Number(port) }));

  it('rejects an unknown event store and names the allowed ones', () =>
    given({ EVENT_STORE: 'mongodb' }).thenProblems(['EVENT_STORE'], ['sqlite, postgres, kurrentdb', '"mongodb"']));

  it('rejects an unknown read model store', () =>
    given({ READ_MODEL_STORE: 'kurrentdb' }).thenProblems(['READ_MODEL_STORE']));

  it('requires DATABASE_URL for the PostgreSQL event store', () =>
    given({ EVENT_STORE: 'postgres' }).thenProblems(['DATABASE_URL']));

  it('requires DATABASE_URL for PostgreSQL read models', () =>
    given({ READ_MODEL_STORE: 'postgres' }).thenProblems(['DATABASE_URL']));

  it('requires KURRENTDB_URL for the KurrentDB event store', () =>
    given({ EVENT_STORE: 'kurrentdb', DATABASE_URL: 'postgres://x' }).thenProblems(['KURRENTDB_URL']));

  it.each(['kafka', '127.0.0.1:', ':9092', 'a:1,b', ','])('rejects KAFKA_BROKERS=%s', (brokers) =>
    given({ KAFKA_BROKERS: brokers }).thenProblems(['KAFKA_BROKERS']),
  );

  it('lists every problem at once, each with its variable', () =>
    given({ PORT: 'x', EVENT_STORE: 'kurrentdb', READ_MODEL_STORE: 'postgres' }).thenProblems([
      'PORT',
      'DATABASE_URL',
      'KURRENTDB_URL',
    ]));

  it('does not read process.env behind the caller', () => {
    const before = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      given({}).thenConfig({ port: 3000 });
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});
