import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { genesysPromptsApiRef } from '../../api';
import {
  makeApi,
  makeExperiment,
  makePermissionApi,
  prompt,
} from '../../testing/fixtures';
import { PromptExperimentsTab } from './PromptExperimentsTab';

/*
 * In a file of its own: usePermission caches decisions per permission and
 * entity module-wide, so a file that allowed them would leak its answer.
 */

const REASON =
  'You need genesys-prompts.experiment.manage on this entity (owners can manage experiments)';

describe('experiments without the manage permission', () => {
  it('disables every manage button, saying which permission is missing, and still shows the results', async () => {
    const permissionApi = makePermissionApi(['genesys-prompts.prompt.read']);
    const api = makeApi({
      listExperiments: async () => ({
        items: [
          makeExperiment({ id: 'e-2', status: 'draft', startedAt: undefined }),
          makeExperiment(),
          makeExperiment({
            id: 'e-0',
            status: 'stopped',
            stoppedAt: '2026-11-21T09:00:00.000Z',
          }),
        ],
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [genesysPromptsApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <PromptExperimentsTab
          entityRef={{
            kind: 'Component',
            namespace: 'default',
            name: 'support-bot',
          }}
          entityRefString="component:default/support-bot"
          prompt={prompt}
          onPromoted={jest.fn()}
        />
      </TestApiProvider>,
    );

    const newButton = await screen.findByRole('button', {
      name: 'New experiment',
    });
    await waitFor(() => expect(newButton).toHaveAccessibleDescription(REASON));
    expect(newButton).toBeDisabled();
    for (const name of [
      'Start experiment e-2',
      'Stop experiment e-2',
      'Stop experiment e-1',
      'Promote experiment e-1',
      'Promote experiment e-0',
      'Run again',
    ]) {
      const button = screen.getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(REASON);
    }
    expect(permissionApi.authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'genesys-prompts.experiment.manage',
        }),
        resourceRef: 'component:default/support-bot',
      }),
    );
    // Reading stays possible: the live results of the running experiment.
    expect(await screen.findByText(/Not enough data yet/)).toBeInTheDocument();
  });
});
