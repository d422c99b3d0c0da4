import { invalidValue } from './errors';
import {
  ContextRule,
  ContextSource,
  ErrorDetail,
  InjectionPoint,
  PromptDefinition,
  PromptVariable,
  VariableType,
} from './types';

const VARIABLE_TYPES: VariableType[] = ['string', 'number', 'boolean', 'array'];
const CONTEXT_SOURCES: ContextSource[] = [
  'conversation_history',
  'external_api',
  'knowledge_base',
];
const INJECTION_POINTS: InjectionPoint[] = ['system', 'user', 'assistant'];

/** `{{ name }}` placeholders; names are identifiers, dots allowed. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** Error codes used in ErrorBody `details`. */
export const DETAIL_CODES = {
  required: 'field.required',
  type: 'field.invalid.type',
  value: 'field.invalid.value',
  duplicate: 'field.duplicate',
  undefinedVariable: 'template.variable.undefined',
  budget: 'token.budget.exceeded',
} as const;

/** The variable names a template references, in order of first use. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) names.add(match[1]);
  return [...names];
}

/** The server's token estimate: ceil(template length / 4) plus context rule budgets. */
export function estimateTokens(template: string, rules: ContextRule[]): number {
  return (
    Math.ceil(template.length / 4) +
    rules.reduce((sum, rule) => sum + rule.maxTokens, 0)
  );
}

/**
 * Validates a create/replace body (schema, then undefined variables, then the
 * token budget) and returns the definition; throws 400 invalid.value with
 * `details` listing every problem found.
 */
export function validatePromptDefinition(
  body: Record<string, unknown>,
): PromptDefinition {
  const details: ErrorDetail[] = [];
  const problem = (errorCode: string, fieldName: string) =>
    details.push({ errorCode, fieldName });

  const name = requiredString(body, 'name', problem, 256);
  const template = requiredString(body, 'template', problem, 100_000);
  const modelId = requiredString(body, 'modelId', problem, 256);
  const version = requiredString(body, 'version', problem, 64);

  let maxTokens = 0;
  if (body.maxTokens === undefined || body.maxTokens === null) {
    problem(DETAIL_CODES.required, 'maxTokens');
  } else if (typeof body.maxTokens !== 'number') {
    problem(DETAIL_CODES.type, 'maxTokens');
  } else if (!Number.isInteger(body.maxTokens) || body.maxTokens < 1) {
    problem(DETAIL_CODES.value, 'maxTokens');
  } else {
    maxTokens = body.maxTokens;
  }

  const variables = readVariables(body.variables, problem);
  const contextRules = readContextRules(body.contextRules, problem);

  if (details.length === 0) {
    const declared = new Set(variables.map(variable => variable.name));
    const undefinedNames = templateVariables(template).filter(
      variable => !declared.has(variable),
    );
    if (undefinedNames.length > 0) {
      problem(DETAIL_CODES.undefinedVariable, 'template');
      throw invalidValue(
        `The template uses undeclared variables: ${undefinedNames.join(', ')}`,
        details,
        { variables: undefinedNames.join(', ') },
      );
    }
    const estimate = estimateTokens(template, contextRules);
    if (estimate > maxTokens) {
      problem(DETAIL_CODES.budget, 'maxTokens');
      throw invalidValue(
        `Estimated tokens [${estimate}] exceed maxTokens [${maxTokens}]`,
        details,
        { estimatedTokens: String(estimate), maxTokens: String(maxTokens) },
      );
    }
  }
  if (details.length > 0) {
    throw invalidValue('The prompt definition is invalid', details);
  }
  return {
    name,
    version,
    template,
    variables,
    contextRules,
    modelId,
    maxTokens,
  };
}

type Problem = (errorCode: string, fieldName: string) => void;

function requiredString(
  body: Record<string, unknown>,
  field: string,
  problem: Problem,
  maxLength: number,
): string {
  const value = body[field];
  if (value === undefined || value === null) {
    problem(DETAIL_CODES.required, field);
    return '';
  }
  if (typeof value !== 'string') {
    problem(DETAIL_CODES.type, field);
    return '';
  }
  if (value.trim() === '') {
    problem(DETAIL_CODES.required, field);
    return '';
  }
  if (value.length > maxLength) {
    problem(DETAIL_CODES.value, field);
    return '';
  }
  return value;
}

function readVariables(value: unknown, problem: Problem): PromptVariable[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problem(DETAIL_CODES.type, 'variables');
    return [];
  }
  const seen = new Set<string>();
  const result: PromptVariable[] = [];
  value.forEach((item: unknown, index) => {
    const at = `variables[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problem(DETAIL_CODES.type, at);
      return;
    }
    const raw = item as Record<string, unknown>;
    const name = requiredString(
      raw,
      'name',
      (code, field) => problem(code, `${at}.${field}`),
      128,
    );
    if (name && !/^[A-Za-z_][\w.]*$/.test(name))
      problem(DETAIL_CODES.value, `${at}.name`);
    if (name && seen.has(name)) problem(DETAIL_CODES.duplicate, `${at}.name`);
    seen.add(name);
    let type: VariableType = 'string';
    if (raw.type === undefined || raw.type === null) {
      problem(DETAIL_CODES.required, `${at}.type`);
    } else if (!VARIABLE_TYPES.includes(raw.type as VariableType)) {
      problem(DETAIL_CODES.value, `${at}.type`);
    } else {
      type = raw.type as VariableType;
    }
    let required = false;
    if (raw.required !== undefined && raw.required !== null) {
      if (typeof raw.required !== 'boolean')
        problem(DETAIL_CODES.type, `${at}.required`);
      else required = raw.required;
    }
    const variable: PromptVariable = { name, type, required };
    if (raw.defaultValue !== undefined && raw.defaultValue !== null) {
      if (typeof raw.defaultValue !== 'string') {
        problem(DETAIL_CODES.type, `${at}.defaultValue`);
      } else {
        variable.defaultValue = raw.defaultValue;
      }
    }
    result.push(variable);
  });
  return result;
}

function readContextRules(value: unknown, problem: Problem): ContextRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problem(DETAIL_CODES.type, 'contextRules');
    return [];
  }
  const result: ContextRule[] = [];
  value.forEach((item: unknown, index) => {
    const at = `contextRules[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problem(DETAIL_CODES.type, at);
      return;
    }
    const raw = item as Record<string, unknown>;
    const source = enumField(raw, 'source', CONTEXT_SOURCES, at, problem);
    const injectionPoint = enumField(
      raw,
      'injectionPoint',
      INJECTION_POINTS,
      at,
      problem,
    );
    let maxTokens = 0;
    if (raw.maxTokens === undefined || raw.maxTokens === null) {
      problem(DETAIL_CODES.required, `${at}.maxTokens`);
    } else if (typeof raw.maxTokens !== 'number') {
      problem(DETAIL_CODES.type, `${at}.maxTokens`);
    } else if (!Number.isInteger(raw.maxTokens) || raw.maxTokens < 0) {
      problem(DETAIL_CODES.value, `${at}.maxTokens`);
    } else {
      maxTokens = raw.maxTokens;
    }
    result.push({ source, maxTokens, injectionPoint });
  });
  return result;
}

function enumField<T extends string>(
  raw: Record<string, unknown>,
  field: string,
  allowed: T[],
  at: string,
  problem: Problem,
): T {
  const value = raw[field];
  if (value === undefined || value === null) {
    problem(DETAIL_CODES.required, `${at}.${field}`);
  } else if (typeof value !== 'string') {
    problem(DETAIL_CODES.type, `${at}.${field}`);
  } else if (!allowed.includes(value as T)) {
    problem(DETAIL_CODES.value, `${at}.${field}`);
  } else {
    return value as T;
  }
  return allowed[0];
}
