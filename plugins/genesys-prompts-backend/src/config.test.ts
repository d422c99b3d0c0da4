import { ConfigReader } from '@backstage/config';
import { readConnectionConfig } from './config';

const credentials = { clientId: 'id', clientSecret: 'secret' };

describe('readConnectionConfig', () => {
  it('maps a region to the api. and login. hosts', () => {
    const connection = readConnectionConfig(
      new ConfigReader({
        genesysPrompts: { region: 'eu-west-1', ...credentials },
      }),
    );
    expect(connection).toEqual({
      apiBaseUrl: 'https://api.mypurecloud.ie',
      loginBaseUrl: 'https://login.mypurecloud.ie',
      clientId: 'id',
      clientSecret: 'secret',
      requestTimeoutMs: 10000,
    });
  });

  it('lets apiBaseUrl and loginBaseUrl override the region hosts', () => {
    const connection = readConnectionConfig(
      new ConfigReader({
        genesysPrompts: {
          region: 'us-east-1',
          apiBaseUrl: 'https://proxy.example.com/genesys/',
          loginBaseUrl: 'https://login-proxy.example.com',
          requestTimeoutMs: 2500,
          ...credentials,
        },
      }),
    );
    expect(connection.apiBaseUrl).toBe('https://proxy.example.com/genesys');
    expect(connection.loginBaseUrl).toBe('https://login-proxy.example.com');
    expect(connection.requestTimeoutMs).toBe(2500);
  });

  it('refuses an unknown region, naming the key', () => {
    expect(() =>
      readConnectionConfig(
        new ConfigReader({
          genesysPrompts: { region: 'mars-north-1', ...credentials },
        }),
      ),
    ).toThrow(
      /Invalid config value at 'genesysPrompts.region': unknown region 'mars-north-1'/,
    );
  });

  it('refuses a missing client id or secret, naming the key', () => {
    expect(() =>
      readConnectionConfig(
        new ConfigReader({
          genesysPrompts: { region: 'us-east-1', clientSecret: 'secret' },
        }),
      ),
    ).toThrow(/genesysPrompts.clientId/);
    expect(() =>
      readConnectionConfig(
        new ConfigReader({
          genesysPrompts: { region: 'us-east-1', clientId: 'id' },
        }),
      ),
    ).toThrow(/genesysPrompts.clientSecret/);
  });

  it('refuses a missing block or region', () => {
    expect(() => readConnectionConfig(new ConfigReader({}))).toThrow(
      /'genesysPrompts'/,
    );
    expect(() =>
      readConnectionConfig(new ConfigReader({ genesysPrompts: credentials })),
    ).toThrow(/'genesysPrompts.region'/);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() =>
      readConnectionConfig(
        new ConfigReader({
          genesysPrompts: {
            apiBaseUrl: 'ftp://example.com',
            loginBaseUrl: 'https://login.example.com',
            ...credentials,
          },
        }),
      ),
    ).toThrow(/'genesysPrompts.apiBaseUrl'/);
  });
});
