import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isGenesysPromptsAvailable } from '@genesys-prompts/plugin-genesys-prompts-common';
import { genesysPromptsApiRef, GenesysPromptsClient } from './api';
import { loadEntityGenesysPromptsTab } from './components/EntityGenesysPromptsTab';
import { promptRouteRef, rootRouteRef } from './routes';

// The legacy refs, made usable by the new system (same objects, so both systems agree).
const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  prompt: promptRouteRef,
});

/**
 * The Genesys Prompts API client for the new frontend system.
 *
 * @alpha
 */
export const genesysPromptsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: genesysPromptsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GenesysPromptsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity's Prompts tab, shown only for entities that name prompts in their annotation.
 *
 * @alpha
 */
export const entityGenesysPromptsContent = EntityContentBlueprint.make({
  params: {
    path: 'genesys-prompts',
    title: 'Prompts',
    filter: isGenesysPromptsAvailable,
    routeRef: routes.root,
    // A small entry that asks for the prompt list while the tab's code loads.
    loader: () =>
      loadEntityGenesysPromptsTab().then(Tab =>
        // The content uses @backstage/core-plugin-api, which needs the legacy app context.
        compatWrapper(<Tab />),
      ),
  },
});

/**
 * The entity overview card with each prompt's metrics and badges, shown only
 * for entities that name prompts in their annotation.
 *
 * @alpha
 */
export const entityGenesysPromptsMetricsCard = EntityCardBlueprint.make({
  name: 'metrics',
  params: {
    filter: isGenesysPromptsAvailable,
    loader: () =>
      import('./components/EntityGenesysPromptsMetricsCard').then(m =>
        compatWrapper(<m.EntityGenesysPromptsMetricsCard />),
      ),
  },
});

/**
 * The Genesys Prompts frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'genesys-prompts',
  title: 'Genesys Prompts',
  routes,
  extensions: [
    genesysPromptsApi,
    entityGenesysPromptsContent,
    entityGenesysPromptsMetricsCard,
  ],
});
