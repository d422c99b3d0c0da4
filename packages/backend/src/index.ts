/*
 * The demo portal's backend: the catalog, guest sign-in, permissions and the
 * Genesys Prompts plugin. See the repository README for the config keys.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in: local development and the demo portal only.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners may change and roll back their entity's prompts; everyone may read.
backend.add(import('./permissionPolicy'));

backend.add(import('@genesys-prompts/plugin-genesys-prompts-backend'));
// Refuses deploys during genesysPrompts.changeFreeze windows (none configured here).
backend.add(
  import('@genesys-prompts/plugin-genesys-prompts-backend-module-change-freeze'),
);

backend.start();
