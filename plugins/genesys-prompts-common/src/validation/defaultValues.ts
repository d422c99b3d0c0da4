import type { GenesysVariableType } from '../types';

// A decimal number as JSON writes it, with an optional sign; no hex, no
// "Infinity", no surrounding whitespace: the value is substituted verbatim.
const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Why a variable's `defaultValue` (always a string in the contract) does not
 * fit its type, or undefined when it fits:
 * - `string`: anything;
 * - `number`: a finite decimal number (`3`, `-0.5`, `1e3`);
 * - `boolean`: exactly `true` or `false`;
 * - `array`: a JSON array (`[]`, `["a", 1]`).
 *
 * @public
 */
export function defaultValueMismatch(
  type: GenesysVariableType,
  value: string,
): string | undefined {
  switch (type) {
    case 'string':
      return undefined;
    case 'number':
      return DECIMAL_NUMBER.test(value) && Number.isFinite(Number(value))
        ? undefined
        : 'is not a finite decimal number (like 3, -0.5 or 1e3)';
    case 'boolean':
      return value === 'true' || value === 'false'
        ? undefined
        : 'is not true or false';
    case 'array':
      return isJsonArray(value)
        ? undefined
        : 'is not a JSON array (like [] or ["a", "b"])';
    default:
      return undefined;
  }
}

function isJsonArray(value: string): boolean {
  try {
    return Array.isArray(JSON.parse(value));
  } catch {
    return false;
  }
}
