import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  genesysExperimentManagePermission,
  genesysPromptCreatePermission,
  genesysPromptExportPermission,
  genesysPromptRollbackPermission,
  genesysPromptUpdatePermission,
} from '@genesys-prompts/plugin-genesys-prompts-common';

/** Changes to an entity's prompts that only the entity's owners may make. */
const OWNER_ONLY = new Set(
  [
    genesysPromptCreatePermission,
    genesysPromptUpdatePermission,
    genesysPromptRollbackPermission,
    genesysPromptExportPermission,
    genesysExperimentManagePermission,
  ].map(permission => permission.name),
);

/**
 * An example policy for the demo portal: the owners of an entity may change,
 * roll back and export its prompts; everyone may read them (and do anything
 * else). Real portals write their own; see the README.
 */
export class GenesysPromptsExamplePolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      isResourcePermission(request.permission, 'catalog-entity') &&
      OWNER_ONLY.has(request.permission.name)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs the example policy into the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'genesys-prompts-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new GenesysPromptsExamplePolicy());
      },
    });
  },
});
