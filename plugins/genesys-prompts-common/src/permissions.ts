import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the prompts an entity owns: list, detail, versions, metrics.
 *
 * @public
 */
export const genesysPromptReadPermission = createPermission({
  name: 'genesys-prompts.prompt.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create a prompt for an entity (the name must be in its annotation).
 *
 * @public
 */
export const genesysPromptCreatePermission = createPermission({
  name: 'genesys-prompts.prompt.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Change a prompt an entity owns.
 *
 * @public
 */
export const genesysPromptUpdatePermission = createPermission({
  name: 'genesys-prompts.prompt.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Roll a prompt an entity owns back to an earlier version.
 *
 * @public
 */
export const genesysPromptRollbackPermission = createPermission({
  name: 'genesys-prompts.prompt.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Export a prompt's metadata to a configured external platform.
 *
 * @public
 */
export const genesysPromptExportPermission = createPermission({
  name: 'genesys-prompts.prompt.export',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create, start, stop and promote A/B experiments on an entity's prompts.
 *
 * @public
 */
export const genesysExperimentManagePermission = createPermission({
  name: 'genesys-prompts.experiment.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read and verify the plugin's audit log across all entities.
 *
 * @public
 */
export const genesysAuditReadPermission = createPermission({
  name: 'genesys-prompts.audit.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the Genesys Prompts plugins.
 *
 * @public
 */
export const genesysPromptsPermissions = [
  genesysPromptReadPermission,
  genesysPromptCreatePermission,
  genesysPromptUpdatePermission,
  genesysPromptRollbackPermission,
  genesysPromptExportPermission,
  genesysExperimentManagePermission,
  genesysAuditReadPermission,
];
