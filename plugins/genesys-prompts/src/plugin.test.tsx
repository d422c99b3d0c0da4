import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { genesysPromptsApiRef } from './api';
import {
  EntityGenesysPromptsContent,
  EntityGenesysPromptsMetricsCard,
  genesysPromptsPlugin,
} from './plugin';
import { promptRouteRef, rootRouteRef } from './routes';
import {
  makeApi,
  makeEntity,
  makePermissionApi,
  TAB_PATH,
} from './testing/fixtures';

describe('genesysPromptsPlugin', () => {
  it('has the plugin id, the API and both routes', () => {
    expect(genesysPromptsPlugin.getId()).toBe('genesys-prompts');
    expect(
      [...genesysPromptsPlugin.getApis()].map(factory => factory.api.id),
    ).toEqual(['plugin.genesys-prompts.service']);
    expect(genesysPromptsPlugin.routes).toEqual({
      root: rootRouteRef,
      prompt: promptRouteRef,
    });
    expect(promptRouteRef.path).toBe('/prompts/:promptId');
  });

  it('renders the routable tab where the app mounts it', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [genesysPromptsApiRef, makeApi()],
          [permissionApiRef, makePermissionApi()],
        ]}
      >
        <EntityProvider entity={makeEntity('customer-support-assistant')}>
          <Routes>
            <Route
              path="/catalog/:namespace/:kind/:name/genesys-prompts/*"
              element={<EntityGenesysPromptsContent />}
            />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      {
        routeEntries: [TAB_PATH],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name/genesys-prompts': rootRouteRef,
        },
      },
    );

    expect(
      await screen.findByRole('link', { name: 'customer-support-assistant' }),
    ).toHaveAttribute('href', `${TAB_PATH}/prompts/p-1`);
  });

  it('renders the metrics card, linking each prompt to its page in the tab', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[genesysPromptsApiRef, makeApi()]]}>
        <EntityProvider entity={makeEntity('customer-support-assistant')}>
          <EntityGenesysPromptsMetricsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { [TAB_PATH]: rootRouteRef } },
    );

    expect(
      await screen.findByRole('link', { name: 'refund-helper' }),
    ).toHaveAttribute('href', `${TAB_PATH}/prompts/p-2`);
  });
});
