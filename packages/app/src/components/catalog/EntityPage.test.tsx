import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/core-app-api';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import { FlatRoutes } from '@backstage/core-app-api';
import {
  CatalogEntityPage,
  catalogPlugin,
  DefaultEntityPresentationApi,
} from '@backstage/plugin-catalog';
import {
  catalogApiRef,
  entityPresentationApiRef,
  starredEntitiesApiRef,
  MockStarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  genesysPromptsApiRef,
  GenesysPromptsApi,
} from '@genesys-prompts/plugin-genesys-prompts';
import { screen, waitFor } from '@testing-library/react';
import { Route } from 'react-router-dom';
import { entityPage } from './EntityPage';

const ENTITY_PATH = '/catalog/default/component/support-bot';

// The decision value without a dependency on @backstage/plugin-permission-common.
type Decision = Awaited<ReturnType<PermissionApi['authorize']>>['result'];
const allowAll: PermissionApi = {
  authorize: async () => ({ result: 'ALLOW' as Extract<Decision, 'ALLOW'> }),
};

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'support-bot', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

function fakeGenesysApi(): Partial<GenesysPromptsApi> {
  const series = [0, 1, 2].map(i => ({
    start: new Date(Date.UTC(2026, 10, 26, i)).toISOString(),
    end: new Date(Date.UTC(2026, 10, 26, i + 1)).toISOString(),
    requests: 10 + i,
    errors: 0,
    successRate: 1,
    tokens: 100,
    latencyMs: { avg: 100, p50: 90, p95: 200, p99: 300 },
  }));
  return {
    // The overview's card warms the Prompts tab's list in the background.
    getEntityPrompts: jest.fn(async () => ({
      items: [
        {
          id: 'p-1',
          name: 'customer-support-assistant',
          version: '1.0.0',
          modelId: 'openai-gpt-4o-mini',
          revision: 1,
          dateModified: series[0].start,
          latestVersionNo: 1,
          drift: false,
        },
      ],
    })),
    getEntityMetrics: jest.fn(async () => ({
      from: series[0].start,
      to: series[2].end,
      granularity: 'PT1H' as const,
      items: [
        {
          promptId: 'p-1',
          name: 'customer-support-assistant',
          totals: { ...series[0], requests: 33 },
          series,
          drift: false,
        },
      ],
    })),
  };
}

async function renderEntityPage(
  entity: Entity,
  api: Partial<GenesysPromptsApi>,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [entityPresentationApiRef, DefaultEntityPresentationApi.createLocal()],
        [permissionApiRef, allowAll],
        [
          scmIntegrationsApiRef,
          ScmIntegrationsApi.fromConfig(new ConfigReader({})),
        ],
        [genesysPromptsApiRef, api],
      ]}
    >
      {/* As App.tsx mounts it, so route refs resolve as in the app. */}
      <FlatRoutes>
        <Route
          path="/catalog/:namespace/:kind/:name"
          element={<CatalogEntityPage />}
        >
          {entityPage}
        </Route>
      </FlatRoutes>
    </TestApiProvider>,
    {
      routeEntries: [ENTITY_PATH],
      mountedRoutes: { '/catalog': catalogPlugin.routes.catalogIndex },
    },
  );
}

describe('entityPage', () => {
  it('shows the prompt metrics card on the overview of a component that owns prompts, and readies its Prompts tab', async () => {
    const api = fakeGenesysApi();
    await renderEntityPage(
      component({ 'genesys.cloud/llm-prompts': 'customer-support-assistant' }),
      api,
    );

    expect(await screen.findByText('Prompt metrics')).toBeInTheDocument();
    // The card links into the entity's Prompts tab.
    expect(
      await screen.findByRole('link', { name: 'customer-support-assistant' }),
    ).toHaveAttribute('href', `${ENTITY_PATH}/genesys-prompts/prompts/p-1`);
    expect(api.getEntityMetrics).toHaveBeenCalled();
    // Once the card has its data, in idle time: the tab's list, for an instant tab.
    await waitFor(() =>
      expect(api.getEntityPrompts).toHaveBeenCalledWith({
        kind: 'Component',
        namespace: 'default',
        name: 'support-bot',
      }),
    );
  });

  it('leaves the card out for a component without the annotation', async () => {
    const api = fakeGenesysApi();
    await renderEntityPage(component({}), api);

    expect(await screen.findByText('About')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText('Prompt metrics')).not.toBeInTheDocument(),
    );
    expect(api.getEntityMetrics).not.toHaveBeenCalled();
  });
});
