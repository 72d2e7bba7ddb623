import { ConfigError } from '@crm/platform/config/app-config';
import { loadStoreConfig } from './store-config';

describe('loadStoreConfig', () => {
  it('reads the store variables with the API defaults', () => {
    expect(loadStoreConfig({})).toMatchObject({ dataDir: './.data', eventStore: 'sqlite', readModelStore: 'sqlite' });
    expect(
      loadStoreConfig({ DATA_DIR: '/srv/crm', READ_MODEL_STORE: 'postgres', DATABASE_URL: 'postgres://x/y' }),
    ).toMatchObject({ dataDir: '/srv/crm', readModelStore: 'postgres', databaseUrl: 'postgres://x/y' });
  });

  it('is not stopped by what only the HTTP side needs', () => {
    expect(() => loadStoreConfig({ NODE_ENV: 'production', PORT: 'not-a-port' })).not.toThrow();
  });

  it('still reports bad store variables', () => {
    expect(() => loadStoreConfig({ EVENT_STORE: 'mysql' })).toThrow(ConfigError);
    expect(() => loadStoreConfig({ EVENT_STORE: 'postgres' })).toThrow('DATABASE_URL');
  });
});
