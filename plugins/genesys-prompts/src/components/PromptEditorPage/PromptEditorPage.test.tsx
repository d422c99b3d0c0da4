import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import {
  backendError,
  definitionOf,
  makeApi,
  makeEntity,
  makePermissionApi,
  prompt,
  TAB_PATH,
  writeResponse,
} from '../../testing/fixtures';
import { EntityGenesysPromptsContent } from '../EntityGenesysPromptsContent';

jest.setTimeout(20_000);

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};

// The whole tab, so navigation between list, prompt page and editor is real.
function renderTab(api: GenesysPromptsApi, path: string) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, makePermissionApi()],
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

/** Opens the editor from the prompt page's Edit button. */
async function openEditor() {
  const edit = await screen.findByRole('button', { name: 'Edit' });
  await waitFor(() => expect(edit).toBeEnabled());
  await userEvent.click(edit);
  return screen.findByRole('form', { name: 'Prompt editor' });
}

/** The fixture prompt uses `{{mood}}` without declaring it: declare it. */
async function declareMood() {
  await userEvent.click(screen.getByRole('button', { name: 'Add variable' }));
  await userEvent.type(screen.getByLabelText('Variable 3 name'), 'mood');
  const save = screen.getByRole('button', { name: 'Save changes' });
  await waitFor(() => expect(save).toBeEnabled());
  return save;
}

describe('editing a prompt', () => {
  it('opens prefilled from the prompt page, saves with expectedRevision and shows the new version', async () => {
    const api = makeApi();
    await renderTab(api, `${TAB_PATH}/prompts/p-1`);
    await openEditor();

    expect(screen.getByLabelText('Template')).toHaveValue(prompt.template);
    expect(screen.getByLabelText('Name')).toHaveValue(prompt.name);
    expect(screen.getByLabelText('Max tokens')).toHaveValue('4096');
    expect(screen.getByLabelText('Variable 2 default')).toHaveValue('Hello');
    expect(screen.getByLabelText('Context rule 1 source')).toHaveValue(
      'conversation_history',
    );
    // The deployed prompt has an error, so saving waits for a fix.
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();

    const save = await declareMood();
    await userEvent.type(
      screen.getByLabelText('Reason (optional)'),
      'declare mood',
    );
    await userEvent.click(save);

    expect(api.updatePrompt).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      ...definitionOf(prompt),
      variables: [
        ...prompt.variables,
        { name: 'mood', type: 'string', required: false },
      ],
      expectedRevision: 3,
      reason: 'declare mood',
    });
    // Back on the prompt page, with the version the save created.
    expect(await screen.findByText('Saved as version 5')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview' })).toBeInTheDocument();
    expect(
      screen.queryByRole('form', { name: 'Prompt editor' }),
    ).not.toBeInTheDocument();
  });

  it('explains a stale revision (409) and reloads the prompt on request', async () => {
    const api = makeApi({
      updatePrompt: async () => {
        throw await backendError(
          409,
          'ConflictError',
          "Prompt 'customer-support-assistant' is at revision 4, not 3: someone changed it since you loaded it; reload and apply your change again",
        );
      },
    });
    await renderTab(api, `${TAB_PATH}/prompts/p-1/edit`);
    await screen.findByRole('form', { name: 'Prompt editor' });
    await userEvent.click(await declareMood());

    await screen.findByText('Someone changed this prompt since you loaded it');
    const alert = screen
      .getAllByRole('alert')
      .find(a => a.textContent?.includes('Someone changed'))!;
    expect(alert).toHaveTextContent(
      'Someone changed this prompt since you loaded it',
    );
    expect(alert).toHaveTextContent(/is at revision 4, not 3/);
    // Nothing was reset: the user's edit is still there.
    expect(screen.getByLabelText('Variable 3 name')).toHaveValue('mood');

    api.getPrompt.mockResolvedValueOnce({
      prompt: { ...prompt, revision: 4, version: '1.3.0' },
      latestVersionNo: 5,
      drift: false,
    });
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() =>
      expect(screen.getByLabelText('Version label')).toHaveValue('1.3.0'),
    );
    expect(api.getPrompt).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(/Someone changed this prompt/)).toBeNull();
  });

  it('shows a refusal (400) with the backend message inside the form', async () => {
    const api = makeApi({
      updatePrompt: async () => {
        throw await backendError(
          400,
          'PromptValidationError',
          'The prompt definition has 1 error: modelId 1:1 context-window-exceeded: too big for the configured window',
        );
      },
    });
    await renderTab(api, `${TAB_PATH}/prompts/p-1/edit`);
    await screen.findByRole('form', { name: 'Prompt editor' });
    await userEvent.click(await declareMood());

    expect(
      await screen.findByText('The backend refused the prompt'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/context-window-exceeded: too big/),
    ).toBeInTheDocument();
  });
});

describe('creating a prompt', () => {
  it('goes from New prompt to a form offering the free annotated names, creates it and opens it', async () => {
    const api = makeApi({
      createPrompt: async (_ref, definition) => ({
        ...writeResponse(1, { action: 'create' }),
        prompt: { ...prompt, ...definition, id: 'p-9', revision: 1 },
      }),
    });
    await renderTab(api, TAB_PATH);

    const button = await screen.findByRole('button', { name: 'New prompt' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await screen.findByRole('form', { name: 'Prompt editor' });

    // Only the annotated name Genesys does not have is offered.
    const name = screen.getByLabelText('Name');
    expect(
      within(name)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['ghost-prompt']);
    expect(name).toHaveValue('ghost-prompt');

    await userEvent.type(screen.getByLabelText('Model ID'), 'gpt-4o');
    await userEvent.type(screen.getByLabelText('Max tokens'), '2048');
    await userEvent.type(screen.getByLabelText('Template'), 'Be brief.');
    const create = screen.getByRole('button', { name: 'Create prompt' });
    await waitFor(() => expect(create).toBeEnabled());
    await userEvent.click(create);

    expect(api.createPrompt).toHaveBeenCalledWith(ENTITY_REF, {
      name: 'ghost-prompt',
      version: '1.0.0',
      template: 'Be brief.',
      variables: [],
      contextRules: [],
      modelId: 'gpt-4o',
      maxTokens: 2048,
    });
    expect(
      await screen.findByText('Created ghost-prompt as version 1'),
    ).toBeInTheDocument();
    expect(api.getPrompt).toHaveBeenCalledWith(ENTITY_REF, 'p-9');
  });
});
