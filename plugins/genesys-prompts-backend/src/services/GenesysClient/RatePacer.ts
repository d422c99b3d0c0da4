/** Where the upstream's rate window stands, from the last `inin-ratelimit-*` headers. */
export interface RateBudget {
  allowed: number;
  /** Requests counted in the current window, ours in flight included. */
  used: number;
  /** When the current window ends (epoch ms). */
  resetsAt: number;
}

interface TokenWindow {
  budget?: RateBudget;
  inFlight: number;
  /** A request is out to learn an unknown window's budget. */
  probing: boolean;
}

const MINUTE_MS = 60_000;

/**
 * Paces requests so a burst or a bulk job stays inside the upstream's
 * fixed rate window [real headers: `inin-ratelimit-count`, `-allowed`,
 * `-reset`], and under our own `requestsPerMinute` ceiling.
 *
 * Each access token has its own window upstream, so the pacer keeps one per
 * token; concurrent callers share it. While a window's budget is unknown (at
 * the start, after a reset) one probe request goes first and the others wait
 * for its answer, so a burst cannot overrun a small limit.
 */
export class RatePacer {
  private readonly windows = new Map<string, TokenWindow>();
  /** Start times of our recent requests, for the per-minute ceiling. */
  private readonly recentStarts: number[] = [];

  constructor(
    private readonly requestsPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms =>
      new Promise(resolve => setTimeout(resolve, ms)),
  ) {}

  /**
   * Waits for a slot for `token`; call `release` with the answer's headers.
   * Returns the milliseconds still to wait instead, without waiting, when the
   * slot would come after `deadline` (epoch ms).
   */
  async acquire(token: string, deadline = Infinity): Promise<number> {
    for (;;) {
      const wait = this.waitFor(token);
      if (wait === 0) {
        this.window(token).inFlight += 1;
        this.recentStarts.push(this.now());
        return 0;
      }
      if (this.now() + wait > deadline) {
        return wait;
      }
      await this.sleep(wait);
    }
  }

  /** Ends a request started with `acquire`, learning from its headers if any. */
  release(token: string, headers?: Headers): void {
    const window = this.window(token);
    window.inFlight = Math.max(0, window.inFlight - 1);
    window.probing = false;
    const budget = headers && parseRateHeaders(headers, this.now());
    if (!budget) {
      return;
    }
    const known = window.budget;
    if (!known) {
      // First answer of a window: the server's count, plus what is on its way.
      window.budget = { ...budget, used: budget.used + window.inFlight };
      return;
    }
    // Within a known window answers only ever tighten it: a late answer with a
    // stale count must not lower `used` (the window rolls over in waitFor).
    known.allowed = budget.allowed;
    known.used = Math.max(known.used, budget.used);
    known.resetsAt = Math.min(known.resetsAt, budget.resetsAt);
  }

  /** After a 429: the window is spent until `retryAfterSeconds` from now. */
  exhausted(token: string, retryAfterSeconds: number | undefined): void {
    const window = this.window(token);
    const resetsAt = this.now() + (retryAfterSeconds ?? 1) * 1000;
    window.budget = {
      allowed: window.budget?.allowed ?? 1,
      used: window.budget?.allowed ?? 1,
      resetsAt,
    };
  }

  /** The budget last seen for `token`, for `/health`. */
  budget(token: string | undefined): RateBudget | undefined {
    const budget = token ? this.windows.get(token)?.budget : undefined;
    return budget && { ...budget };
  }

  /** Forgets windows of tokens no longer in use. */
  forget(token: string): void {
    this.windows.delete(token);
  }

  private window(token: string): TokenWindow {
    let window = this.windows.get(token);
    if (!window) {
      window = { inFlight: 0, probing: false };
      this.windows.set(token, window);
    }
    return window;
  }

  /** Milliseconds to wait before the next request may start; 0 to go now. */
  private waitFor(token: string): number {
    const now = this.now();
    while (this.recentStarts.length && this.recentStarts[0] <= now - MINUTE_MS) {
      this.recentStarts.shift();
    }
    if (this.recentStarts.length >= this.requestsPerMinute) {
      return this.recentStarts[0] + MINUTE_MS - now;
    }
    const window = this.window(token);
    if (window.budget && now >= window.budget.resetsAt) {
      // The window has rolled over: its budget is unknown until an answer.
      window.budget = undefined;
    }
    const budget = window.budget;
    if (!budget) {
      // One probe learns the budget; the others wait for its answer.
      if (window.probing) {
        return 25;
      }
      window.probing = true;
      return 0;
    }
    if (budget.used < budget.allowed) {
      budget.used += 1;
      return 0;
    }
    return budget.resetsAt - now;
  }
}

/** Reads the `inin-ratelimit-*` headers; undefined when they are absent. */
export function parseRateHeaders(
  headers: Headers,
  now: number,
): RateBudget | undefined {
  const used = Number(headers.get('inin-ratelimit-count'));
  const allowed = Number(headers.get('inin-ratelimit-allowed'));
  const reset = Number(headers.get('inin-ratelimit-reset'));
  if (
    !headers.has('inin-ratelimit-allowed') ||
    !Number.isFinite(used) ||
    !Number.isFinite(allowed) ||
    !Number.isFinite(reset)
  ) {
    return undefined;
  }
  return { used, allowed, resetsAt: now + reset * 1000 };
}
