import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Outcome of checking a bearer token. */
export type TokenCheck = 'valid' | 'missing' | 'unknown' | 'expired';

/** Issues and checks opaque access tokens; all state is in memory. */
export class TokenStore {
  // Token -> expiry (epoch ms).
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(): { accessToken: string; expiresIn: number } {
    this.purgeExpired();
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, this.now() + this.ttlSeconds * 1000);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return 'missing';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    if (expiresAt <= this.now()) return 'expired';
    return 'valid';
  }

  /** Early expiry: every token issued so far stops working now. */
  revokeAll(): void {
    this.tokens.clear();
  }

  private purgeExpired() {
    const now = this.now();
    for (const [token, expiresAt] of this.tokens) {
      if (expiresAt <= now) this.tokens.delete(token);
    }
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Client id and secret of a Basic Authorization header, if well formed. */
export function basicCredentials(
  header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    clientId: decoded.slice(0, colon),
    clientSecret: decoded.slice(colon + 1),
  };
}

/** Constant-time string comparison (hashing first equalises lengths). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
