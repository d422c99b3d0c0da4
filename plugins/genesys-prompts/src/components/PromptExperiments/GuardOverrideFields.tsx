import { GuardThresholds } from '@genesys-prompts/plugin-genesys-prompts-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';

/** The override fields as typed; '' keeps the configured default. */
export type GuardOverrideText = Record<keyof GuardThresholds, string>;

export const EMPTY_GUARD_TEXT: GuardOverrideText = {
  maxSuccessRateDrop: '',
  maxP95LatencyIncrease: '',
  maxErrorRate: '',
  minRequests: '',
  windowSeconds: '',
};

interface FieldSpec {
  label: string;
  /** From what the user types to the threshold's unit. */
  toValue(typed: number): number;
  fromValue(value: number): number;
  max?: number;
  integer?: boolean;
  min: number;
}

const FIELDS: Record<keyof GuardThresholds, FieldSpec> = {
  maxSuccessRateDrop: {
    label: 'Max success-rate drop (points)',
    toValue: n => n / 100,
    fromValue: v => v * 100,
    min: 0,
    max: 100,
  },
  maxP95LatencyIncrease: {
    label: 'Max p95 latency increase (%)',
    toValue: n => n / 100,
    fromValue: v => v * 100,
    min: 0,
  },
  maxErrorRate: {
    label: 'Max error rate (%)',
    toValue: n => n / 100,
    fromValue: v => v * 100,
    min: 0,
    max: 100,
  },
  minRequests: {
    label: 'Min requests per window',
    toValue: n => n,
    fromValue: v => v,
    min: 1,
    integer: true,
  },
  windowSeconds: {
    label: 'Window (minutes)',
    toValue: n => n * 60,
    fromValue: v => v / 60,
    min: 1,
  },
};

const KEYS = Object.keys(FIELDS) as Array<keyof GuardThresholds>;

/** The typed text of saved overrides (to copy an experiment). */
export function guardToText(
  guard: Partial<GuardThresholds>,
): GuardOverrideText {
  const text = { ...EMPTY_GUARD_TEXT };
  for (const key of KEYS) {
    const value = guard[key];
    if (value !== undefined) text[key] = String(FIELDS[key].fromValue(value));
  }
  return text;
}

/** The overrides to send, and what is wrong with the typed text. */
export function parseGuardText(text: GuardOverrideText): {
  guard: Partial<GuardThresholds>;
  problems: string[];
} {
  const guard: Partial<GuardThresholds> = {};
  const problems: string[] = [];
  for (const key of KEYS) {
    const typed = text[key].trim();
    if (typed === '') continue;
    const spec = FIELDS[key];
    const n = Number(typed);
    const bad =
      !Number.isFinite(n) ||
      n < spec.min ||
      (spec.max !== undefined && n > spec.max) ||
      (spec.integer && !Number.isInteger(n));
    if (bad) {
      const range =
        spec.max === undefined
          ? `at least ${spec.min}`
          : `${spec.min} to ${spec.max}`;
      problems.push(
        `${spec.label}: enter ${
          spec.integer ? 'a whole number' : 'a number'
        } ${range}, or leave it empty for the default.`,
      );
    } else {
      guard[key] = spec.toValue(n);
    }
  }
  return { guard, problems };
}

/** Optional per-experiment guard thresholds; empty fields use the configured defaults. */
export function GuardOverrideFields(props: {
  value: GuardOverrideText;
  onChange(value: GuardOverrideText): void;
}) {
  const { value, onChange } = props;
  return (
    <Box
      display="grid"
      gridTemplateColumns="repeat(auto-fill, minmax(200px, 1fr))"
      style={{ gap: 16 }}
    >
      {KEYS.map(key => (
        <TextField
          key={key}
          id={`experiment-guard-${key}`}
          label={FIELDS[key].label}
          size="small"
          variant="outlined"
          inputMode="decimal"
          placeholder="default"
          InputLabelProps={{ shrink: true }}
          value={value[key]}
          onChange={e => onChange({ ...value, [key]: e.target.value })}
        />
      ))}
    </Box>
  );
}
