import {
  GenesysContextRule,
  GenesysPromptDefinition,
  GenesysPromptVariable,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** One line of a line diff; line numbers are 1-based. */
export type DiffLine =
  | { type: 'same'; text: string; oldNo: number; newNo: number }
  | { type: 'removed'; text: string; oldNo: number }
  | { type: 'added'; text: string; newNo: number };

/** Splits text into lines the way the validator counts them (\n, \r\n, \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

// Above this many table cells the middle is shown as replaced wholesale:
// 4M cells is ~16 MB and a few tens of milliseconds.
const MAX_LCS_CELLS = 4_000_000;

/**
 * A line diff of two texts (longest common subsequence, after trimming the
 * common head and tail): removed lines come before added ones in each change.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  return diffSequences(splitLines(oldText), splitLines(newText));
}

/** {@link diffLines} over lines already split. */
export function diffSequences(a: string[], b: string[]): DiffLine[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }

  const result: DiffLine[] = [];
  for (let i = 0; i < head; i++) {
    result.push({ type: 'same', text: a[i], oldNo: i + 1, newNo: i + 1 });
  }

  const oldMid = a.slice(head, a.length - tail);
  const newMid = b.slice(head, b.length - tail);
  const n = oldMid.length;
  const m = newMid.length;
  if (n * m > MAX_LCS_CELLS) {
    oldMid.forEach((text, i) =>
      result.push({ type: 'removed', text, oldNo: head + i + 1 }),
    );
    newMid.forEach((text, j) =>
      result.push({ type: 'added', text, newNo: head + j + 1 }),
    );
  } else if (n > 0 || m > 0) {
    // lcs[i][j]: length of the LCS of oldMid[i..] and newMid[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          oldMid[i] === newMid[j]
            ? lcs[(i + 1) * width + j + 1] + 1
            : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && oldMid[i] === newMid[j]) {
        result.push({
          type: 'same',
          text: oldMid[i],
          oldNo: head + i + 1,
          newNo: head + j + 1,
        });
        i++;
        j++;
      } else if (
        j >= m ||
        (i < n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
      ) {
        result.push({ type: 'removed', text: oldMid[i], oldNo: head + i + 1 });
        i++;
      } else {
        result.push({ type: 'added', text: newMid[j], newNo: head + j + 1 });
        j++;
      }
    }
  }

  for (let k = tail; k > 0; k--) {
    result.push({
      type: 'same',
      text: a[a.length - k],
      oldNo: a.length - k + 1,
      newNo: b.length - k + 1,
    });
  }
  return result;
}

/** A scalar field of a definition that differs. */
export interface FieldChange {
  field: 'name' | 'version' | 'modelId' | 'maxTokens';
  label: string;
  from: string;
  to: string;
}

/** A variable added, removed or changed, matched by name. */
export interface VariableChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  from?: string;
  to?: string;
}

/** What differs between two definitions. */
export interface DefinitionDiff {
  identical: boolean;
  fields: FieldChange[];
  template: DiffLine[];
  templateChanged: boolean;
  variables: VariableChange[];
  /** Context rules have no identity, so they are diffed as a list of lines. */
  contextRules: DiffLine[];
  contextRulesChanged: boolean;
}

const FIELDS: Array<[FieldChange['field'], string]> = [
  ['name', 'Name'],
  ['version', 'Version label'],
  ['modelId', 'Model'],
  ['maxTokens', 'Max tokens'],
];

/** A variable as one line: type, required or optional, default. */
export function describeVariable(variable: GenesysPromptVariable): string {
  const parts = [variable.type, variable.required ? 'required' : 'optional'];
  if (variable.defaultValue !== undefined) {
    parts.push(`default ${JSON.stringify(variable.defaultValue)}`);
  }
  return parts.join(', ');
}

/** A context rule as one line. */
export function describeContextRule(rule: GenesysContextRule): string {
  return `${rule.source} → ${rule.injectionPoint}, max ${rule.maxTokens} tokens`;
}

/** Compares two definitions field by field, variable by variable and line by line. */
export function diffDefinitions(
  from: GenesysPromptDefinition,
  to: GenesysPromptDefinition,
): DefinitionDiff {
  const fields: FieldChange[] = [];
  for (const [field, label] of FIELDS) {
    const before = String(from[field] ?? '');
    const after = String(to[field] ?? '');
    if (before !== after)
      fields.push({ field, label, from: before, to: after });
  }

  const template = diffLines(from.template ?? '', to.template ?? '');

  const variables: VariableChange[] = [];
  const oldVariables = new Map(
    (from.variables ?? []).map(v => [v.name, describeVariable(v)]),
  );
  const newVariables = new Map(
    (to.variables ?? []).map(v => [v.name, describeVariable(v)]),
  );
  for (const [name, before] of oldVariables) {
    const after = newVariables.get(name);
    if (after === undefined) {
      variables.push({ name, change: 'removed', from: before });
    } else if (after !== before) {
      variables.push({ name, change: 'changed', from: before, to: after });
    }
  }
  for (const [name, after] of newVariables) {
    if (!oldVariables.has(name)) {
      variables.push({ name, change: 'added', to: after });
    }
  }

  const contextRules = diffSequences(
    (from.contextRules ?? []).map(describeContextRule),
    (to.contextRules ?? []).map(describeContextRule),
  );

  const templateChanged = template.some(line => line.type !== 'same');
  const contextRulesChanged = contextRules.some(line => line.type !== 'same');
  return {
    identical:
      fields.length === 0 &&
      !templateChanged &&
      variables.length === 0 &&
      !contextRulesChanged,
    fields,
    template,
    templateChanged,
    variables,
    contextRules,
    contextRulesChanged,
  };
}
