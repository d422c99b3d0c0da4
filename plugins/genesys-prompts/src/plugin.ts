import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { genesysPromptsApiRef, GenesysPromptsClient } from './api';
import { loadEntityGenesysPromptsTab } from './components/EntityGenesysPromptsTab';
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
    // A small entry in the main bundle: it asks for the prompt list while the tab's code loads.
    component: loadEntityGenesysPromptsTab,
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity overview card: the entity's prompts at a glance, with requests,
 * success rate, p95 latency and tokens (each with a trend line) and badges
 * for drift, a running experiment and a guard rollback.
 *
 * @public
 */
export const EntityGenesysPromptsMetricsCard = genesysPromptsPlugin.provide(
  createComponentExtension({
    name: 'EntityGenesysPromptsMetricsCard',
    component: {
      lazy: () =>
        import('./components/EntityGenesysPromptsMetricsCard').then(
          m => m.EntityGenesysPromptsMetricsCard,
        ),
    },
  }),
);
