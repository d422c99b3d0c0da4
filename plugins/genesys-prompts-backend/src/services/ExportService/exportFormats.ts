import {
  ExportFormat,
  GenesysPrompt,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** What every format is built from. */
export interface ExportSubject {
  prompt: GenesysPrompt;
  entityRef: string;
  latestVersionNo: number | null;
  targetName: string;
  exportedAt: string;
}

/** The request body a target of this format receives. */
export function exportPayload(
  format: ExportFormat,
  subject: ExportSubject,
): unknown {
  return format === 'langfuse'
    ? langfusePrompt(subject)
    : genericPayload(subject);
}

/**
 * The tutorial's generic shape: where it comes from, when, the prompt's
 * metadata, and where it goes.
 */
function genericPayload(subject: ExportSubject) {
  const { prompt } = subject;
  return {
    sourcePlatform: 'genesys-cloud',
    exportTimestamp: subject.exportedAt,
    targetPlatform: subject.targetName,
    promptMetadata: {
      id: prompt.id,
      name: prompt.name,
      version: prompt.version,
      revision: prompt.revision,
      modelId: prompt.modelId,
      maxTokens: prompt.maxTokens,
      template: prompt.template,
      variables: prompt.variables,
      contextRules: prompt.contextRules,
      dateCreated: prompt.dateCreated,
      dateModified: prompt.dateModified,
      owner: subject.entityRef,
      backstageVersionNo: subject.latestVersionNo,
    },
  };
}

/**
 * Langfuse's create-prompt body for a text prompt, `POST /api/public/v2/prompts`
 * (Langfuse public API, `CreateTextPromptRequest`: `name`, `type` "text",
 * `prompt`, `config`, `labels`, `tags`, `commitMessage`; see
 * https://langfuse.com/docs/prompt-management/data-model). Langfuse templates
 * use the same `{{variable}}` syntax, so the template goes over unchanged;
 * each POST creates the next Langfuse version of the named prompt.
 */
function langfusePrompt(subject: ExportSubject) {
  const { prompt } = subject;
  return {
    name: prompt.name,
    type: 'text',
    prompt: prompt.template,
    config: {
      model: prompt.modelId,
      max_tokens: prompt.maxTokens,
      variables: prompt.variables,
      contextRules: prompt.contextRules,
      genesys: {
        promptId: prompt.id,
        revision: prompt.revision,
        version: prompt.version,
        owner: subject.entityRef,
      },
    },
    labels: ['production'],
    tags: ['genesys-cloud'],
    commitMessage: `Exported from Backstage: Genesys revision ${prompt.revision} (version ${prompt.version})`,
  };
}
