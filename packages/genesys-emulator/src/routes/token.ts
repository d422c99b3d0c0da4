import { basicCredentials, safeEqual, TokenStore } from '../auth';
import { ApiResult, RouteDefinition } from '../router';
import { OAuthErrorBody, TokenResponse } from '../types';

/** OAuth client credentials: Basic header plus `grant_type=client_credentials`. */
export function tokenRoutes(
  tokens: TokenStore,
  credentials: { clientId: string; clientSecret: string },
): RouteDefinition[] {
  return [
    {
      method: 'POST',
      template: '/oauth/token',
      bearerAuth: false,
      handler: ({ headers, rawBody }) => {
        const presented = basicCredentials(headers.authorization);
        if (
          !presented ||
          !safeEqual(presented.clientId, credentials.clientId) ||
          !safeEqual(presented.clientSecret, credentials.clientSecret)
        ) {
          return oauthError(
            401,
            'invalid_client',
            'Invalid client credentials',
            {
              'WWW-Authenticate': 'Basic realm="oauth"',
            },
          );
        }
        const grantType = new URLSearchParams(rawBody).get('grant_type');
        if (grantType === null) {
          return oauthError(400, 'invalid_request', 'grant_type is required');
        }
        if (grantType !== 'client_credentials') {
          return oauthError(
            400,
            'unsupported_grant_type',
            `Unsupported grant_type ${grantType}`,
          );
        }
        const issued = tokens.issue();
        const body: TokenResponse = {
          access_token: issued.accessToken,
          token_type: 'bearer',
          expires_in: issued.expiresIn,
        };
        return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
      },
    },
  ];
}

function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): ApiResult {
  const body: OAuthErrorBody = {
    error,
    description,
    error_description: description,
  };
  return { status, body, headers };
}
