import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { GenesysPromptDefinition } from '@genesys-prompts/plugin-genesys-prompts-common';

/**
 * A deploy about to be written upstream.
 *
 * @public
 */
export interface PromptDeploy {
  action: 'create' | 'update' | 'rollback' | 'promote';
  /** Absent for `create`: the prompt has no id until Genesys assigns one. */
  promptId?: string;
  promptName: string;
  /** The owning catalog entity. */
  entityRef: string;
  /** A user entity ref, `service:...`, or `genesys-prompts:guard` for the guard's automatic rollbacks. */
  actor: string;
  definition: GenesysPromptDefinition;
  reason?: string;
}

/**
 * A hook's verdict on a deploy; a refusal carries the reason shown to the caller.
 *
 * @public
 */
export type PreDeployDecision =
  | { allow: true }
  | { allow: false; reason: string };

/**
 * Checks a deploy before it is written upstream and may refuse it.
 *
 * @public
 */
export interface PreDeployHook {
  /** Shown in the refusal and the audit entry, e.g. 'change-freeze'. */
  id: string;
  check(deploy: PromptDeploy): Promise<PreDeployDecision>;
}

/**
 * Lets backend modules add pre-deploy hooks to the genesys-prompts backend plugin.
 *
 * @public
 */
export interface GenesysPromptsDeployHooksExtensionPoint {
  addPreDeployHook(...hooks: PreDeployHook[]): void;
}

/**
 * The extension point for pre-deploy hooks of the genesys-prompts backend plugin.
 *
 * @public
 */
export const genesysPromptsDeployHooksExtensionPoint =
  createExtensionPoint<GenesysPromptsDeployHooksExtensionPoint>({
    id: 'genesys-prompts.deploy-hooks',
  });
