import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../api';
import {
  makeApi,
  makeEntity,
  makePermissionApi,
  TAB_PATH,
} from '../testing/fixtures';
import { EntityGenesysPromptsContent } from './EntityGenesysPromptsContent';

/*
 * What a user who may only read sees. In a file of its own: usePermission
 * caches decisions per permission and entity (SWR, module-wide), so a file
 * that allowed the same permission on the same entity would leak its answer.
 */

function renderTab(
  api: GenesysPromptsApi,
  permissionApi: PermissionApi,
  path: string,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider
        entity={makeEntity(
          'customer-support-assistant, refund-helper, ghost-prompt',
        )}
      >
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/genesys-prompts/*"
            element={<EntityGenesysPromptsContent />}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}

const readOnly = () => makePermissionApi(['genesys-prompts.prompt.read']);

describe('without the change permissions', () => {
  it('disables Roll back and Edit on the prompt page, saying which permission is missing', async () => {
    const permissionApi = readOnly();
    await renderTab(makeApi(), permissionApi, `${TAB_PATH}/prompts/p-1`);
    await screen.findByText('customer-support-assistant');

    const rollback = screen.getByRole('button', { name: 'Roll back' });
    await waitFor(() =>
      expect(rollback).toHaveAccessibleDescription(
        'You need genesys-prompts.prompt.rollback on this entity (owners can roll back)',
      ),
    );
    expect(rollback).toBeDisabled();
    const edit = screen.getByRole('button', { name: 'Edit' });
    expect(edit).toBeDisabled();
    expect(edit).toHaveAccessibleDescription(
      'You need genesys-prompts.prompt.update on this entity (owners can edit)',
    );
    // Asked for this entity, not globally.
    expect(permissionApi.authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'genesys-prompts.prompt.rollback',
        }),
        resourceRef: 'component:default/support-bot',
      }),
    );
  });

  it('disables Export and the audit Download, saying which permission is missing, but lets the history download', async () => {
    const permissionApi = readOnly();
    await renderTab(
      makeApi(),
      permissionApi,
      `${TAB_PATH}/prompts/p-1?tab=audit`,
    );

    const exportButton = await screen.findByRole('button', { name: 'Export' });
    await waitFor(() =>
      expect(exportButton).toHaveAccessibleDescription(
        'You need genesys-prompts.prompt.export on this entity (owners can export)',
      ),
    );
    expect(exportButton).toBeDisabled();

    const download = await screen.findByRole('button', { name: 'Download' });
    await waitFor(() =>
      expect(download).toHaveAccessibleDescription(
        'Needs genesys-prompts.audit.read',
      ),
    );
    expect(download).toBeDisabled();
    expect(screen.getByLabelText('Format')).toBeDisabled();
    // A basic permission: asked without a resource.
    expect(permissionApi.authorize).toHaveBeenCalledWith({
      permission: expect.objectContaining({
        name: 'genesys-prompts.audit.read',
      }),
    });

    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Download history (JSON)' }),
      ).toBeEnabled(),
    );
  });

  it('disables New prompt on the list, saying why', async () => {
    await renderTab(makeApi(), readOnly(), TAB_PATH);

    const button = await screen.findByRole('button', { name: 'New prompt' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        'You need genesys-prompts.prompt.create on this entity (owners can create prompts)',
      ),
    );
    expect(button).toBeDisabled();
  });

  it('blocks saving in an editor opened by URL, saying why', async () => {
    const api = makeApi();
    await renderTab(api, readOnly(), `${TAB_PATH}/prompts/p-1/edit`);

    expect(
      await screen.findByText(
        'You need genesys-prompts.prompt.update on this entity (owners can edit)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });
});
