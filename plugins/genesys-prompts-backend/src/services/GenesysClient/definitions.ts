import {
  GenesysPrompt,
  GenesysPromptDefinition,
} from '@genesys-prompts/plugin-genesys-prompts-common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonicalJson';

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

/** True when both carry the same definition, whatever their server fields. */
export function sameDefinition(
  a: GenesysPrompt | GenesysPromptDefinition,
  b: GenesysPrompt | GenesysPromptDefinition,
): boolean {
  return canonicalJson(definitionOf(a)) === canonicalJson(definitionOf(b));
}

/** SHA-256 of the definition's canonical JSON: equal content, equal hash. */
export function contentHash(
  prompt: GenesysPrompt | GenesysPromptDefinition,
): string {
  return createHash('sha256')
    .update(canonicalJson(definitionOf(prompt)))
    .digest('hex');
}
