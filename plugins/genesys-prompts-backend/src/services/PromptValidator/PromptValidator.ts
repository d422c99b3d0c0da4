import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import {
  GenesysPromptDefinition,
  PromptValidationReport,
  readTokenBudgetOptions,
  TokenBudgetOptions,
  validatePromptDefinitionWithBudget,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/**
 * A definition the shared validator rejects: 400 with every issue. The router
 * adds `issues` and `budget` to the error body.
 */
export class PromptValidationError extends CustomErrorBase {
  name = 'PromptValidationError' as const;
  readonly statusCode = 400;
  constructor(readonly report: PromptValidationReport) {
    const errors = report.issues.filter(issue => issue.severity === 'error');
    super(
      `The prompt definition has ${errors.length} error${
        errors.length === 1 ? '' : 's'
      }: ${errors
        .map(
          issue =>
            `${issue.field ?? 'template'} ${issue.line}:${issue.column} ${issue.code}: ${issue.message}`,
        )
        .join('; ')}`,
    );
  }
}

/**
 * The shared validator (the same one the editor runs live) with the token
 * budget options from config; the backend enforces it on every write.
 */
export class PromptValidator {
  constructor(private readonly options: TokenBudgetOptions = {}) {}

  /** With the token budget options from config (see `readTokenBudgetOptions`). */
  static fromConfig(config: Config): PromptValidator {
    return new PromptValidator(readTokenBudgetOptions(config));
  }

  /** The full report: issues with positions and the token budget. */
  validate(definition: unknown): Promise<PromptValidationReport> {
    return validatePromptDefinitionWithBudget(definition, this.options);
  }

  /** The definition, typed, if it has no errors; else a 400 with every issue. */
  async check(definition: unknown): Promise<GenesysPromptDefinition> {
    const report = await this.validate(definition);
    if (!report.valid) {
      throw new PromptValidationError(report);
    }
    return definition as GenesysPromptDefinition;
  }
}
