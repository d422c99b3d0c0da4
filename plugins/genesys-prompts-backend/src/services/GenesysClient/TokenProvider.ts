import { GenesysConnectionConfig } from '../../config';
import { errorFromResponse, GenesysApiError } from './errors';
import { fetchWithTimeout } from './fetchWithTimeout';

/** Refresh this long before the token's stated expiry. */
const EXPIRY_SKEW_MS = 60_000;

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * OAuth client-credentials tokens [real]: cached until 60 s before expiry,
 * with one in-flight token request shared by all concurrent callers.
 */
export class TokenProvider {
  private cached?: CachedToken;
  private inFlight?: Promise<CachedToken>;

  constructor(
    private readonly connection: GenesysConnectionConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token, if any; never fetches. */
  currentToken(): string | undefined {
    return this.cached?.accessToken;
  }

  /** A valid access token, fetched only when none is cached. */
  async getToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EXPIRY_SKEW_MS > this.now()) {
      return this.cached.accessToken;
    }
    return (await this.refresh()).accessToken;
  }

  /**
   * Drops `rejectedToken` (the upstream answered 401 to it) and returns a new
   * one; concurrent callers that saw the same rejected token share one refresh.
   */
  async replaceRejected(rejectedToken: string): Promise<string> {
    if (this.cached?.accessToken === rejectedToken) {
      this.cached = undefined;
    }
    return this.getToken();
  }

  private refresh(): Promise<CachedToken> {
    if (!this.inFlight) {
      this.inFlight = this.requestToken()
        .then(token => {
          this.cached = token;
          return token;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private async requestToken(): Promise<CachedToken> {
    const { clientId, clientSecret, loginBaseUrl, requestTimeoutMs } =
      this.connection;
    const operation = 'POST /oauth/token';
    const response = await fetchWithTimeout(
      operation,
      `${loginBaseUrl}/oauth/token`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(
            `${clientId}:${clientSecret}`,
          ).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      },
      requestTimeoutMs,
    );
    if (!response.ok) {
      throw await errorFromResponse(operation, response);
    }
    const body = (await response.json().catch(() => undefined)) as
      | { access_token?: unknown; expires_in?: unknown }
      | undefined;
    if (typeof body?.access_token !== 'string') {
      throw new GenesysApiError({
        operation,
        kind: 'invalid-response',
        status: response.status,
        code: 'invalid.response',
        message: 'the token response has no access_token',
      });
    }
    const expiresInSeconds =
      typeof body.expires_in === 'number' ? body.expires_in : 86400;
    return {
      accessToken: body.access_token,
      expiresAt: this.now() + expiresInSeconds * 1000,
    };
  }
}
