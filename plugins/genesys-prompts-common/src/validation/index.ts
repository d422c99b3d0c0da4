export { VALIDATION_RULES } from './rules';
export type {
  ValidationRule,
  ValidationRuleCode,
  ValidationSeverity,
} from './rules';
export type { ValidationIssue, ValidationResult } from './types';
export type { TextPosition } from './textPositions';
export { parseTemplate } from './parseTemplate';
export type { ParsedTemplate, TemplatePlaceholder } from './parseTemplate';
export { validatePromptDefinition } from './validatePromptDefinition';
export { isValidVariableName, VARIABLE_NAME_PATTERN } from './variableNames';
export { defaultValueMismatch } from './defaultValues';
