import {
  GENESYS_CONTEXT_SOURCES,
  GENESYS_INJECTION_POINTS,
  GENESYS_VARIABLE_TYPES,
  GenesysVariableType,
} from '../types';
import { defaultValueMismatch } from './defaultValues';
import { fieldIssue, templateIssue } from './issues';
import type { ValidationIssue } from './types';
import { isValidVariableName, VARIABLE_NAME_RULE } from './variableNames';

/** A declared variable with a valid name, and where it was declared. */
export interface DeclaredVariable {
  name: string;
  /** Index in `variables`. */
  index: number;
}

/**
 * The fields of an untrusted definition that later checks and the token
 * budget need, each present only when it is usable, plus the issues found
 * in the fields themselves (everything but the template's text).
 */
export interface InspectedDefinition {
  /** The template when it is a string (possibly empty). */
  template?: string;
  /** The model id when it is a non-empty string. */
  modelId?: string;
  /** The prompt's maxTokens when it is a positive integer. */
  maxTokens?: number;
  /** First declaration of each validly named variable, in declaration order. */
  variables: DeclaredVariable[];
  /** Sum of the valid context rules' maxTokens. */
  contextTokens: number;
  issues: ValidationIssue[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isAbsent = (value: unknown) => value === undefined || value === null;

const describe = (value: unknown) => {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

/**
 * Checks every field of a definition except the template's syntax, and
 * extracts what is usable. Never throws: a definition that is not even an
 * object yields one `invalid-definition` issue.
 */
export function inspectDefinition(definition: unknown): InspectedDefinition {
  const issues: ValidationIssue[] = [];
  const inspected: InspectedDefinition = {
    variables: [],
    contextTokens: 0,
    issues,
  };
  if (!isObject(definition)) {
    issues.push(
      fieldIssue(
        'invalid-definition',
        'definition',
        `A prompt definition must be a JSON object, not ${describe(
          definition,
        )}.`,
      ),
    );
    return inspected;
  }

  readRequiredString(definition, 'name', 'name', issues);
  readRequiredString(definition, 'version', 'version', issues);
  inspected.template = readTemplate(definition.template, issues);
  inspected.modelId = readRequiredString(
    definition,
    'modelId',
    'modelId',
    issues,
  );
  inspected.maxTokens = readMaxTokens(
    definition.maxTokens,
    'maxTokens',
    issues,
  );
  inspected.variables = readVariables(definition.variables, issues);
  inspected.contextTokens = readContextRules(definition.contextRules, issues);
  return inspected;
}

function readRequiredString(
  object: Json,
  key: string,
  field: string,
  issues: ValidationIssue[],
): string | undefined {
  const value = object[key];
  if (isAbsent(value) || (typeof value === 'string' && value.trim() === '')) {
    issues.push(fieldIssue('missing-field', field, `${field} is required.`));
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push(
      fieldIssue(
        'invalid-field-type',
        field,
        `${field} must be a string, not ${describe(value)}.`,
      ),
    );
    return undefined;
  }
  return value;
}

// The template's own problems point at its start, 1:1, like its text issues.
const TEMPLATE_START = { line: 1, column: 1 };

function readTemplate(
  value: unknown,
  issues: ValidationIssue[],
): string | undefined {
  // Unlike other strings, a whitespace-only template is kept: it is still
  // reported as missing, but its parse and budget stay meaningful while typing.
  if (isAbsent(value) || (typeof value === 'string' && value.trim() === '')) {
    issues.push(
      templateIssue(
        'missing-field',
        TEMPLATE_START,
        TEMPLATE_START,
        'template is required.',
      ),
    );
    return typeof value === 'string' ? value : undefined;
  }
  if (typeof value !== 'string') {
    issues.push(
      templateIssue(
        'invalid-field-type',
        TEMPLATE_START,
        TEMPLATE_START,
        `template must be a string, not ${describe(value)}.`,
      ),
    );
    return undefined;
  }
  return value;
}

function readMaxTokens(
  value: unknown,
  field: string,
  issues: ValidationIssue[],
): number | undefined {
  if (isAbsent(value)) {
    issues.push(fieldIssue('missing-field', field, `${field} is required.`));
    return undefined;
  }
  if (typeof value !== 'number') {
    issues.push(
      fieldIssue(
        'invalid-field-type',
        field,
        `${field} must be a number, not ${describe(value)}.`,
      ),
    );
    return undefined;
  }
  if (!Number.isInteger(value) || value <= 0) {
    issues.push(
      fieldIssue(
        'invalid-max-tokens',
        field,
        `${field} must be a positive integer, not ${value}.`,
      ),
    );
    return undefined;
  }
  return value;
}

function readEnum<T extends string>(
  object: Json,
  key: string,
  field: string,
  allowed: readonly T[],
  unknownCode:
    | 'unknown-variable-type'
    | 'unknown-context-source'
    | 'unknown-injection-point',
  issues: ValidationIssue[],
): T | undefined {
  const value = object[key];
  if (isAbsent(value) || value === '') {
    issues.push(fieldIssue('missing-field', field, `${field} is required.`));
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.push(
      fieldIssue(
        'invalid-field-type',
        field,
        `${field} must be a string, not ${describe(value)}.`,
      ),
    );
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    issues.push(
      fieldIssue(
        unknownCode,
        field,
        `"${value}" is not one of ${allowed.join(', ')}.`,
      ),
    );
    return undefined;
  }
  return value as T;
}

function readVariables(
  value: unknown,
  issues: ValidationIssue[],
): DeclaredVariable[] {
  // Absent means "no variables", as the gateway reads it.
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) {
    issues.push(
      fieldIssue(
        'invalid-field-type',
        'variables',
        `variables must be an array, not ${describe(value)}.`,
      ),
    );
    return [];
  }
  const declared: DeclaredVariable[] = [];
  const firstIndexByName = new Map<string, number>();
  value.forEach((item: unknown, index) => {
    const at = `variables[${index}]`;
    if (!isObject(item)) {
      issues.push(
        fieldIssue(
          'invalid-field-type',
          at,
          `${at} must be an object, not ${describe(item)}.`,
        ),
      );
      return;
    }
    const name = readRequiredString(item, 'name', `${at}.name`, issues);
    if (name !== undefined) {
      if (!isValidVariableName(name)) {
        issues.push(
          fieldIssue(
            'invalid-variable-name',
            `${at}.name`,
            `"${name}" is not a valid variable name: ${VARIABLE_NAME_RULE}.`,
          ),
        );
      } else if (firstIndexByName.has(name)) {
        issues.push(
          fieldIssue(
            'duplicate-variable',
            `${at}.name`,
            `"${name}" is already declared as variables[${firstIndexByName.get(
              name,
            )}].`,
          ),
        );
      } else {
        firstIndexByName.set(name, index);
        declared.push({ name, index });
      }
    }
    const type = readEnum<GenesysVariableType>(
      item,
      'type',
      `${at}.type`,
      GENESYS_VARIABLE_TYPES,
      'unknown-variable-type',
      issues,
    );
    let required = false;
    if (!isAbsent(item.required)) {
      if (typeof item.required === 'boolean') {
        required = item.required;
      } else {
        issues.push(
          fieldIssue(
            'invalid-field-type',
            `${at}.required`,
            `${at}.required must be a boolean, not ${describe(item.required)}.`,
          ),
        );
      }
    }
    readDefaultValue(
      item.defaultValue,
      `${at}.defaultValue`,
      type,
      required,
      issues,
    );
  });
  return declared;
}

function readDefaultValue(
  value: unknown,
  field: string,
  type: GenesysVariableType | undefined,
  required: boolean,
  issues: ValidationIssue[],
) {
  if (isAbsent(value)) return;
  if (typeof value !== 'string') {
    // The contract carries every default as a string, whatever the type.
    issues.push(
      fieldIssue(
        'invalid-field-type',
        field,
        `${field} must be a string, not ${describe(
          value,
        )} (write ${JSON.stringify(JSON.stringify(value))}).`,
      ),
    );
    return;
  }
  if (required) {
    issues.push(
      fieldIssue(
        'required-with-default',
        field,
        'A required variable never uses its defaultValue: make it optional or remove the default.',
      ),
    );
  }
  const mismatch = type && defaultValueMismatch(type, value);
  if (mismatch) {
    issues.push(
      fieldIssue(
        'default-type-mismatch',
        field,
        `${JSON.stringify(value)} ${mismatch}, as type ${type} requires.`,
      ),
    );
  }
}

function readContextRules(value: unknown, issues: ValidationIssue[]): number {
  if (isAbsent(value)) return 0;
  if (!Array.isArray(value)) {
    issues.push(
      fieldIssue(
        'invalid-field-type',
        'contextRules',
        `contextRules must be an array, not ${describe(value)}.`,
      ),
    );
    return 0;
  }
  let contextTokens = 0;
  value.forEach((item: unknown, index) => {
    const at = `contextRules[${index}]`;
    if (!isObject(item)) {
      issues.push(
        fieldIssue(
          'invalid-field-type',
          at,
          `${at} must be an object, not ${describe(item)}.`,
        ),
      );
      return;
    }
    readEnum(
      item,
      'source',
      `${at}.source`,
      GENESYS_CONTEXT_SOURCES,
      'unknown-context-source',
      issues,
    );
    contextTokens +=
      readMaxTokens(item.maxTokens, `${at}.maxTokens`, issues) ?? 0;
    readEnum(
      item,
      'injectionPoint',
      `${at}.injectionPoint`,
      GENESYS_INJECTION_POINTS,
      'unknown-injection-point',
      issues,
    );
  });
  return contextTokens;
}
