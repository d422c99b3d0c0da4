export interface Config {
  /** Genesys Prompts plugin: how the backend reaches Genesys Cloud's LLM Gateway. */
  genesysPrompts?: {
    /**
     * Genesys Cloud region, for example `us-east-1` or `eu-west-1`. Selects
     * `https://api.{domain}` and `https://login.{domain}`. Required unless both
     * `apiBaseUrl` and `loginBaseUrl` are set, or the emulator is enabled.
     */
    region?: string;
    /** Overrides the API base URL the region implies (proxies, the emulator). */
    apiBaseUrl?: string;
    /** Overrides the OAuth base URL the region implies (proxies, the emulator). */
    loginBaseUrl?: string;
    /** OAuth client-credentials client id. */
    clientId?: string;
    /**
     * OAuth client-credentials secret.
     * @visibility secret
     */
    clientSecret?: string;
    /** Timeout of every upstream request, token requests included. Default 10000. */
    requestTimeoutMs?: number;
    /**
     * Local development only: start the bundled Genesys emulator inside the
     * backend and point the client at it. Refused when NODE_ENV is production.
     */
    emulator?: {
      enabled?: boolean;
      /** Port for the emulator; 0 (the default) picks a free one. */
      port?: number;
    };
  };
}
