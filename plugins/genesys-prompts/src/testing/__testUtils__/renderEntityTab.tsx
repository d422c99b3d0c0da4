import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { GenesysPromptsApi, genesysPromptsApiRef } from '../../api';
import { makePermissionApi, TAB_PATH } from '../fixtures';

/** Mounts `tab` the way EntityLayout mounts a tab: a splat route below the entity page. */
export function renderEntityTab(
  tab: ReactElement,
  api: GenesysPromptsApi,
  entity: Entity,
  path: string = TAB_PATH,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, makePermissionApi()],
      ]}
    >
      <EntityProvider entity={entity}>
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/genesys-prompts/*"
            element={tab}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}
