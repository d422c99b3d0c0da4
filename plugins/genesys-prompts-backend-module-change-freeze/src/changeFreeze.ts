import { Config } from '@backstage/config';
import {
  PreDeployDecision,
  PreDeployHook,
  PromptDeploy,
} from '@genesys-prompts/plugin-genesys-prompts-node';

const CONFIG_KEY = 'genesysPrompts.changeFreeze';

/** One freeze window: deploys are refused from `from` (inclusive) to `to` (exclusive). */
export interface ChangeFreezeWindow {
  /** Epoch milliseconds. */
  from: number;
  /** Epoch milliseconds. */
  to: number;
  /** `to` as written in the config, quoted in the refusal. */
  toText: string;
  reason?: string;
}

/** The `genesysPrompts.changeFreeze` block, validated. */
export interface ChangeFreezeConfig {
  windows: ChangeFreezeWindow[];
  /** Rollbacks (the guard's included) go through during a freeze. */
  allowRollbacks: boolean;
}

// An instant needs a zone: without one the window would move with the server's time zone.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Epoch ms of an ISO 8601 timestamp with a zone, or undefined when it is not one. */
export function parseInstant(text: string): number | undefined {
  const match = ISO_INSTANT.exec(text);
  if (!match) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second = '0', offH, offM] = match;
  // Date.parse accepts 2026-02-30 (as 2 March); a UTC round-trip rejects it.
  const probe = new Date(
    Date.UTC(+year, +month - 1, +day, +hour, +minute, +second),
  );
  const calendarValid =
    probe.getUTCFullYear() === +year &&
    probe.getUTCMonth() === +month - 1 &&
    probe.getUTCDate() === +day &&
    probe.getUTCHours() === +hour &&
    probe.getUTCMinutes() === +minute &&
    probe.getUTCSeconds() === +second;
  const offsetValid = offH === undefined || (+offH <= 23 && +offM <= 59);
  const ms = Date.parse(text);
  return calendarValid && offsetValid && !Number.isNaN(ms) ? ms : undefined;
}

/**
 * Reads `genesysPrompts.changeFreeze`, failing at start-up with a message that
 * names the config key at fault.
 */
export function readChangeFreezeConfig(config: Config): ChangeFreezeConfig {
  const windowConfigs =
    config.getOptionalConfigArray(`${CONFIG_KEY}.windows`) ?? [];
  const windows = windowConfigs.map((window, index) => {
    const key = `${CONFIG_KEY}.windows[${index}]`;
    const instant = (field: 'from' | 'to') => {
      const text = window.getString(field);
      const ms = parseInstant(text);
      if (ms === undefined) {
        throw new Error(
          `Invalid config value at '${key}.${field}': '${text}' is not an ISO 8601 timestamp with a time zone, e.g. 2026-12-20T00:00:00Z`,
        );
      }
      return { text, ms };
    };
    const from = instant('from');
    const to = instant('to');
    if (!(from.ms < to.ms)) {
      throw new Error(
        `Invalid config value at '${key}': 'from' (${from.text}) must be before 'to' (${to.text})`,
      );
    }
    const reason = window.getOptionalString('reason')?.trim();
    return {
      from: from.ms,
      to: to.ms,
      toText: to.text,
      ...(reason ? { reason } : {}),
    };
  });
  return {
    windows,
    allowRollbacks:
      config.getOptionalBoolean(`${CONFIG_KEY}.allowRollbacks`) ?? true,
  };
}

/** Refuses deploys whose time falls in a freeze window; rollbacks only if configured so. */
export class ChangeFreezeHook implements PreDeployHook {
  readonly id = 'change-freeze';

  constructor(
    private readonly config: ChangeFreezeConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async check(deploy: PromptDeploy): Promise<PreDeployDecision> {
    if (deploy.action === 'rollback' && this.config.allowRollbacks) {
      return { allow: true };
    }
    const now = this.now();
    const active = this.config.windows.filter(w => w.from <= now && now < w.to);
    if (active.length === 0) {
      return { allow: true };
    }
    // Overlapping windows: name the one that ends last, the freeze lasts until then.
    const window = active.reduce((a, b) => (b.to > a.to ? b : a));
    const until = `Change freeze until ${window.toText}`;
    return {
      allow: false,
      reason: window.reason ? `${until}: ${window.reason}` : until,
    };
  }
}
