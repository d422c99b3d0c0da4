/** A fixed-window limit: `allowed` requests per `windowSeconds`. */
export interface RateLimitSettings {
  allowed: number;
  windowSeconds: number;
}

/** The state of one key's window after (or without) counting a request. */
export interface RateLimitState {
  allowed: boolean;
  count: number;
  limit: number;
  /** Whole seconds until the window resets (at least 1 while a window is open). */
  resetSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

/** Fixed-window rate limiter keyed by access token. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /** Counts one request against `key`; a refused request is not counted. */
  consume(key: string, settings: RateLimitSettings): RateLimitState {
    const window = this.currentWindow(key, settings, true)!;
    const allowed = window.count < settings.allowed;
    if (allowed) window.count += 1;
    return this.state(window, settings, allowed);
  }

  /** The state of `key`'s window without counting anything. */
  peek(key: string, settings: RateLimitSettings): RateLimitState {
    const window = this.currentWindow(key, settings, false);
    if (!window) {
      return {
        allowed: true,
        count: 0,
        limit: settings.allowed,
        resetSeconds: Math.ceil(settings.windowSeconds),
      };
    }
    return this.state(window, settings, window.count < settings.allowed);
  }

  clear(): void {
    this.windows.clear();
  }

  private currentWindow(
    key: string,
    settings: RateLimitSettings,
    create: boolean,
  ): Window | undefined {
    const now = this.now();
    let window = this.windows.get(key);
    if (window && now >= window.start + settings.windowSeconds * 1000) {
      this.windows.delete(key);
      window = undefined;
    }
    if (!window && create) {
      this.purgeClosed(settings);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private state(
    window: Window,
    settings: RateLimitSettings,
    allowed: boolean,
  ): RateLimitState {
    const remainingMs =
      window.start + settings.windowSeconds * 1000 - this.now();
    return {
      allowed,
      count: window.count,
      limit: settings.allowed,
      resetSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
    };
  }

  // Keeps the map from growing with every token a long-running demo issues.
  private purgeClosed(settings: RateLimitSettings) {
    if (this.windows.size < 1000) return;
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (now >= window.start + settings.windowSeconds * 1000) {
        this.windows.delete(key);
      }
    }
  }
}
