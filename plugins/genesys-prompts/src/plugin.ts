import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { genesysPromptsApiRef, GenesysPromptsClient } from './api';
import { promptRouteRef, rootRouteRef } from './routes';

/**
 * The Genesys Prompts frontend plugin (legacy frontend system).
 *
 * @public
 */
export const genesysPromptsPlugin = createPlugin({
  id: 'genesys-prompts',
  apis: [
    createApiFactory({
      api: genesysPromptsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GenesysPromptsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    prompt: promptRouteRef,
  },
});

/**
 * Entity tab listing the entity's Genesys prompts, with a detail page per prompt.
 *
 * @public
 */
export const EntityGenesysPromptsContent = genesysPromptsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGenesysPromptsContent',
    component: () =>
      import('./components/EntityGenesysPromptsContent').then(
        m => m.EntityGenesysPromptsContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
