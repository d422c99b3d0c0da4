import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
     * Our own ceiling on upstream requests. The client also paces itself from
     * the upstream's `inin-ratelimit-*` headers, whichever is lower wins.
     */
    rateLimit?: {
      /** Default 300 (the platform's default per client-credentials token). */
      requestsPerMinute?: number;
    };
    /** Retries of 429, 502, 503, 504, timeouts and connection errors. */
    retry?: {
      /** Attempts per request, the first included. Default 4. */
      maxAttempts?: number;
      /** Stop retrying this long after the first attempt. Default 60000. */
      maxTotalMs?: number;
      /** First backoff delay (exponential, full jitter). Default 250. */
      initialDelayMs?: number;
      /** Longest backoff delay. Default 8000. */
      maxDelayMs?: number;
    };
    /** Stops calling an upstream that keeps failing. */
    circuitBreaker?: {
      /** Consecutive failures (5xx, timeouts, connection errors) that open it. Default 5. */
      consecutiveFailures?: number;
      /** Time open before one probe request is let through. Default 30000. */
      halfOpenAfterMs?: number;
    };
    /**
     * Tokenizer and context window per model, over the built-in catalogue of
     * common OpenAI model ids. A list, because model ids contain dots. Visible
     * to the frontend, so the editor's live budget is the enforced one.
     * @visibility frontend
     */
    models?: Array<{
      /**
       * The prompt's `modelId`, for example `openai-gpt-4o`.
       * @visibility frontend
       */
      modelId: string;
      /**
       * `cl100k_base` or `o200k_base`; others fall back to an estimate.
       * @visibility frontend
       */
      tokenizer?: string;
      /** @visibility frontend */
      contextWindow?: number;
    }>;
    /**
     * How the token budget counts what the template does not contain.
     * @visibility frontend
     */
    budget?: {
      /**
       * Tokens allowed for each `{{variable}}` occurrence. Default 50.
       * @visibility frontend
       */
      variableAllowanceTokens?: number;
      /**
       * Tokens kept free for the model's answer. Default 256.
       * @visibility frontend
       */
      reserveTokens?: number;
    };
    /** Caching of upstream reads: the prompt listing, metrics, experiment results. */
    cache?: {
      /**
       * How long an answer is reused; 0 turns caching off. Default 60. Writes
       * from this backend invalidate the prompt listing at once.
       */
      ttlSeconds?: number;
      /**
       * How long an allowed access check (the entity read as the caller plus
       * the permission decision) is reused by the same token for the same
       * permission and entity; 0 checks every request. Default 10. Revoked
       * access takes effect within this time; refusals are never reused.
       */
      grantTtlSeconds?: number;
    };
    /**
     * Guarded rollouts: after each update, rollback or promote, the new
     * version's traffic is compared with the previous version's over a window
     * and rolled back automatically (actor `genesys-prompts:guard`) when it
     * regressed beyond these thresholds. Running experiments are watched the
     * same way (a regressed variant stops the experiment).
     */
    guard?: {
      /** Default true. */
      enabled?: boolean;
      /** Largest tolerated fall in success rate, a fraction (and significant at p < 0.05). Default 0.05. */
      maxSuccessRateDrop?: number;
      /** Largest tolerated rise in p95 latency, a fraction of before. Default 0.5. */
      maxP95LatencyIncrease?: number;
      /** Error rate at or above which a deploy is bad, a fraction. Default 0.2. */
      maxErrorRate?: number;
      /** Requests needed on each side before judging. Default 100. */
      minRequests?: number;
      /** The before and after windows, in seconds. Default 1800. */
      windowSeconds?: number;
      /** Overrides for single prompts, by prompt name. */
      prompts?: Array<{
        name: string;
        maxSuccessRateDrop?: number;
        maxP95LatencyIncrease?: number;
        maxErrorRate?: number;
        minRequests?: number;
        windowSeconds?: number;
      }>;
    };
    /**
     * Where prompt metadata may be exported. Only these URLs are ever called:
     * requests name a target, never a URL, host or header.
     */
    exportTargets?: Array<{
      /** Shown in the portal and named in the audit log. */
      name: string;
      /**
       * The endpoint receiving the POST (e.g. Langfuse's
       * `https://cloud.langfuse.com/api/public/v2/prompts`). Redirects are not followed.
       */
      url: string;
      /**
       * Sent with every export, e.g. `Authorization: Basic ${LANGFUSE_BASIC_AUTH}`.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** `generic` (default) or `langfuse`. */
      format?: 'generic' | 'langfuse';
      /** Default 10000. */
      timeoutMs?: number;
    }>;
    /** The plugin's own audit log. */
    audit?: {
      /**
       * Also deliver every audit entry to Genesys at the tutorial's
       * `POST /api/v2/users/me/auditlogs`, from an outbox, each entry once
       * (its id as the idempotency key). Off by default: real Genesys has no
       * such endpoint; the plugin's own hash-chained log is the record.
       */
      forwardToGenesys?: boolean;
    };
    /** Experiment results. */
    experiments?: {
      /** Results cover at most this many most recent days. Default 7. */
      analysisWindowDays?: number;
      /** The success-rate difference the sample-size estimate aims to detect. Default 0.02. */
      minDetectableEffect?: number;
    };
    /** Scheduled tasks. */
    schedule?: {
      /**
       * How often prompts are compared with Genesys to record changes made
       * outside the portal. Default: every 5 minutes.
       */
      drift?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How often the guard looks for deploys whose window has passed. Default: every minute. */
      guard?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How often audit forwarding empties its outbox. Default: every 30 seconds. */
      auditForwarding?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
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
