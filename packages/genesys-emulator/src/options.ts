import { ForwardedAuditEntry } from './auditLog';
import { EmulatorFaults } from './faults';
import { RateLimitSettings } from './rateLimit';
import { EmulatorRequestLog } from './requestLog';
import { EmulatorTrafficConfig } from './trafficConfig';

/** Client id the emulator accepts unless told otherwise. */
export const DEFAULT_EMULATOR_CLIENT_ID = 'emulator-client-id';
/** Client secret the emulator accepts unless told otherwise (demo only, not a secret). */
export const DEFAULT_EMULATOR_CLIENT_SECRET = 'emulator-client-secret';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; default 0 (ephemeral). */
  port?: number;
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens; default 86400. */
  tokenTtlSeconds?: number;
  /** Fixed window per access token; default 300 per 60 s. */
  rateLimit?: RateLimitSettings;
  /** Demo data; default true; a number picks the traffic PRNG seed. */
  seed?: boolean | number;
  /** Faults active from the start. */
  faults?: EmulatorFaults;
  /**
   * Synthetic traffic merged over the seeded streams: per-prompt streams
   * (`ratePerSecond` or `peakPerHour`), profiles and template rules. Entries
   * without `startsAt` start when the emulator starts; `reset()` restores them.
   */
  traffic?: EmulatorTrafficConfig;
  /** Access-log sink, one line per API call; never given secrets or tokens. */
  log?: (line: string) => void;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL serving both the API and `/oauth/token`, e.g. http://127.0.0.1:43123. */
  url: string;
  port: number;
  /** Replaces the active faults. */
  setFaults(faults: EmulatorFaults): void;
  clearFaults(): void;
  /** Revokes every issued token now (early expiry). */
  expireTokens(): void;
  requestLog(): EmulatorRequestLog;
  clearRequestLog(): void;
  /** The traffic configuration now in effect (each prompt's latest entry, and the rules). */
  traffic(): EmulatorTrafficConfig;
  /**
   * Replaces the traffic configuration: prompts left out stop now, entries
   * take effect at their `startsAt` (default now). Throws on a bad shape.
   */
  setTraffic(traffic: EmulatorTrafficConfig): void;
  /** Merges: each given prompt entry replaces that prompt's (`null` stops it); given `rules` replace the rules. */
  mergeTraffic(traffic: EmulatorTrafficConfig): void;
  /**
   * Audit entries received by `POST /api/v2/users/me/auditlogs`, each
   * idempotency key kept once, and how many repeats were refused.
   */
  forwardedAuditLogs(): {
    entries: ForwardedAuditEntry[];
    repeatedDeliveries: number;
  };
  /**
   * Reseeds the data, restores the seeded traffic and the `traffic` option
   * (dropping traffic configured since), and clears faults, the request log,
   * tokens, rate-limit windows and audit entries.
   */
  reset(): void;
  /** Stops listening and destroys open sockets, hanging ones included. */
  close(): Promise<void>;
}
