import {
  GenesysPrompt,
  GenesysPromptDefinition,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** The caller-owned fields of a prompt, without server fields like `revision`. */
export function definitionOf(
  prompt: GenesysPrompt | GenesysPromptDefinition,
): GenesysPromptDefinition {
  return {
    name: prompt.name,
    version: prompt.version,
    template: prompt.template,
    variables: prompt.variables ?? [],
    contextRules: prompt.contextRules ?? [],
    modelId: prompt.modelId,
    maxTokens: prompt.maxTokens,
  };
}

/** JSON with object keys sorted, so equal content always encodes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when both carry the same definition, whatever their server fields. */
export function sameDefinition(
  a: GenesysPrompt | GenesysPromptDefinition,
  b: GenesysPrompt | GenesysPromptDefinition,
): boolean {
  return canonicalJson(definitionOf(a)) === canonicalJson(definitionOf(b));
}
