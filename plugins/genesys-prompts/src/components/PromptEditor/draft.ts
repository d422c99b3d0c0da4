import {
  GenesysPromptDefinition,
  GenesysPromptVariable,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** A variable row as typed: the default as text, '' meaning none. */
export interface VariableDraft {
  key: number;
  name: string;
  type: string;
  required: boolean;
  defaultValue: string;
}

/** A context rule row as typed: maxTokens as text. */
export interface ContextRuleDraft {
  key: number;
  source: string;
  injectionPoint: string;
  maxTokens: string;
}

/** The editor's state: every field as the user typed it. */
export interface PromptDraft {
  name: string;
  version: string;
  template: string;
  modelId: string;
  maxTokens: string;
  variables: VariableDraft[];
  contextRules: ContextRuleDraft[];
}

let nextKey = 1;
/** A React key for a new row (rows have no identity of their own). */
export function newRowKey(): number {
  return nextKey++;
}

export function emptyVariable(): VariableDraft {
  return {
    key: newRowKey(),
    name: '',
    type: 'string',
    required: false,
    defaultValue: '',
  };
}

export function emptyContextRule(): ContextRuleDraft {
  return {
    key: newRowKey(),
    source: 'conversation_history',
    injectionPoint: 'system',
    maxTokens: '',
  };
}

/** The draft of an existing definition, or an empty one. */
export function draftFromDefinition(
  definition?: GenesysPromptDefinition,
  name: string = '',
): PromptDraft {
  if (!definition) {
    return {
      name,
      version: '1.0.0',
      template: '',
      modelId: '',
      maxTokens: '',
      variables: [],
      contextRules: [],
    };
  }
  return {
    name: definition.name,
    version: definition.version,
    template: definition.template,
    modelId: definition.modelId,
    maxTokens: String(definition.maxTokens),
    variables: (definition.variables ?? []).map(variable => ({
      key: newRowKey(),
      name: variable.name,
      type: variable.type,
      required: variable.required,
      defaultValue: variable.defaultValue ?? '',
    })),
    contextRules: (definition.contextRules ?? []).map(rule => ({
      key: newRowKey(),
      source: rule.source,
      injectionPoint: rule.injectionPoint,
      maxTokens: String(rule.maxTokens),
    })),
  };
}

/** A number typed in a text field: undefined when blank (the validator says "missing"). */
function parseNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.trim());
}

/**
 * The definition a draft describes, as the validator and the backend read
 * it. Typed loosely on purpose: until the validator passes it, numbers may be
 * missing or NaN and enum fields may hold anything.
 */
export function definitionFromDraft(
  draft: PromptDraft,
): GenesysPromptDefinition {
  return {
    name: draft.name,
    version: draft.version,
    template: draft.template,
    variables: draft.variables.map(variable => {
      const result: Record<string, unknown> = {
        name: variable.name,
        type: variable.type,
        required: variable.required,
      };
      if (variable.defaultValue !== '') {
        result.defaultValue = variable.defaultValue;
      }
      return result as unknown as GenesysPromptVariable;
    }),
    contextRules: draft.contextRules.map(rule => ({
      source: rule.source,
      injectionPoint: rule.injectionPoint,
      maxTokens: parseNumber(rule.maxTokens),
    })) as unknown as GenesysPromptDefinition['contextRules'],
    modelId: draft.modelId,
    maxTokens: parseNumber(draft.maxTokens) as number,
  };
}
