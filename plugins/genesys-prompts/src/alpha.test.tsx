import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import plugin, {
  entityGenesysPromptsContent,
  entityGenesysPromptsMetricsCard,
  genesysPromptsApi,
} from './alpha';
import { genesysPromptsApiRef, GenesysPromptsClient } from './api';
import {
  makeApi,
  makeEntity,
  makePermissionApi,
  TAB_PATH,
} from './testing/fixtures';

describe('genesys-prompts /alpha', () => {
  it('is a frontend plugin with the API, the entity tab and the metrics card', () => {
    expect(plugin.pluginId).toBe('genesys-prompts');
    expect(plugin.getExtension('api:genesys-prompts')).toBeDefined();
    expect(plugin.getExtension('entity-content:genesys-prompts')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:genesys-prompts/metrics'),
    ).toBeDefined();
  });

  it('provides the client as the API implementation', () => {
    const factory = createExtensionTester(genesysPromptsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(genesysPromptsApiRef.id);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://x' },
      fetchApi: { fetch },
    });
    expect(client).toBeInstanceOf(GenesysPromptsClient);
  });

  it('declares the tab path and title, shown only for entities naming prompts', () => {
    const tester = createExtensionTester(entityGenesysPromptsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('genesys-prompts');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Prompts');

    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(makeEntity('customer-support-assistant'))).toBe(true);
    expect(filter(makeEntity(''))).toBe(false);
    expect(filter(makeEntity())).toBe(false);
  });

  it('renders the prompt list for an annotated entity', async () => {
    const api = makeApi();
    const tester = createExtensionTester(entityGenesysPromptsContent);

    renderInTestApp(
      <EntityProvider entity={makeEntity('customer-support-assistant')}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [genesysPromptsApiRef, api],
          [permissionApiRef, makePermissionApi()],
        ],
        mountPath: '/catalog/:namespace/:kind/:name/genesys-prompts',
        initialRouteEntries: [TAB_PATH],
      },
    );

    expect(
      await screen.findByRole('link', { name: 'customer-support-assistant' }),
    ).toHaveAttribute('href', `${TAB_PATH}/prompts/p-1`);
  });

  it('shows the metrics card only for entities naming prompts', () => {
    const tester = createExtensionTester(entityGenesysPromptsMetricsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(makeEntity('customer-support-assistant'))).toBe(true);
    expect(filter(makeEntity(''))).toBe(false);
    expect(filter(makeEntity())).toBe(false);
  });

  it('renders the metrics card for an annotated entity', async () => {
    const api = makeApi();
    const tester = createExtensionTester(entityGenesysPromptsMetricsCard);

    renderInTestApp(
      <EntityProvider entity={makeEntity('customer-support-assistant')}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[genesysPromptsApiRef, api]] },
    );

    // The card is lazy: allow for its chunk (with the charts) to load.
    expect(
      await screen.findByRole(
        'rowheader',
        { name: 'refund-helper' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(api.getEntityMetrics).toHaveBeenCalled();
  });
});
