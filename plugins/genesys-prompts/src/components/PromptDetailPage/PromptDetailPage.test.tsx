import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PermissionApi } from '@backstage/plugin-permission-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import {
  backendError,
  makeApi,
  makeExperiment,
  makeEntity,
  makePermissionApi,
  pending,
  prompt,
  promptDetail,
  TAB_PATH,
  upstreamError,
} from '../../testing/fixtures';
import { PromptDetailPage } from './PromptDetailPage';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};

function renderDetail(
  api: GenesysPromptsApi,
  promptId = 'p-1',
  permissionApi: PermissionApi = makePermissionApi(),
  query = '',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={makeEntity('customer-support-assistant')}>
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/genesys-prompts/prompts/:promptId"
            element={<PromptDetailPage />}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [`${TAB_PATH}/prompts/${promptId}${query}`] },
  );
}

function fact(term: string) {
  const dl = screen.getByLabelText('Prompt details');
  const dt = within(dl).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('PromptDetailPage', () => {
  it('shows progress while the prompt loads', async () => {
    const api = makeApi({ getPrompt: () => pending() });
    await renderDetail(api, 'p%201');

    expect(
      await screen.findByRole('progressbar', { name: 'Loading prompt' }),
    ).toBeInTheDocument();
    // The route param arrives decoded; the client encodes it again.
    expect(api.getPrompt).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'support-bot' },
      'p 1',
    );
    expect(
      screen.getByRole('link', { name: /All prompts/ }),
    ).toBeInTheDocument();
  });

  it('shows the header facts, the highlighted template and both tables', async () => {
    await renderDetail(makeApi());

    expect(
      await screen.findByText('customer-support-assistant'),
    ).toBeInTheDocument();
    expect(fact('Version')).toHaveTextContent('1.2.0');
    expect(fact('Model')).toHaveTextContent('openai-gpt-4-turbo');
    expect(fact('Max tokens')).toHaveTextContent('4096');
    expect(fact('Revision')).toHaveTextContent('3');
    expect(fact('Local version')).toHaveTextContent('#4');
    expect(fact('Created').querySelector('time')).toHaveAttribute(
      'dateTime',
      prompt.dateCreated,
    );
    expect(fact('Last modified')).toHaveTextContent(/2026/);

    const template = screen.getByLabelText('Prompt template');
    expect(template).toHaveTextContent(prompt.template);
    expect(screen.getByLabelText('variable context')).toHaveTextContent(
      '{{context}}',
    );
    expect(screen.getByLabelText('variable user_input')).toHaveTextContent(
      '{{ user_input }}',
    );
    // `mood` is used in the template but not declared.
    expect(
      screen.getByLabelText('undeclared variable mood'),
    ).toBeInTheDocument();

    const variablesTable = screen
      .getByText('Variables')
      .closest('[class*="MuiPaper-root"]') as HTMLElement;
    const contextRow = within(variablesTable)
      .getByText('context')
      .closest('tr')!;
    expect(within(contextRow).getByText('string')).toBeInTheDocument();
    expect(within(contextRow).getByText('Yes')).toBeInTheDocument();
    const inputRow = within(variablesTable)
      .getByText('user_input')
      .closest('tr')!;
    expect(within(inputRow).getByText('No')).toBeInTheDocument();
    expect(within(inputRow).getByText('Hello')).toBeInTheDocument();

    const rulesTable = screen
      .getByText('Context rules')
      .closest('[class*="MuiPaper-root"]') as HTMLElement;
    const ruleRow = within(rulesTable)
      .getByText('conversation_history')
      .closest('tr')!;
    expect(within(ruleRow).getByText('system')).toBeInTheDocument();
    expect(within(ruleRow).getByText('1500')).toBeInTheDocument();
    expect(screen.queryByText(/Drift/)).not.toBeInTheDocument();
  });

  it('says "none" quietly for a prompt without variables or context rules, and flags drift', async () => {
    await renderDetail(
      makeApi({
        getPrompt: async () => ({
          prompt: {
            ...prompt,
            template: 'No placeholders here.',
            variables: [],
            contextRules: [],
          },
          latestVersionNo: null,
          drift: true,
        }),
      }),
    );

    expect(await screen.findByText('No variables.')).toBeInTheDocument();
    expect(screen.getByText('No context rules.')).toBeInTheDocument();
    expect(fact('Local version')).toHaveTextContent('no history yet');
    expect(screen.getByText(/^Drift:/)).toBeInTheDocument();
    expect(
      screen.getByLabelText('Prompt template').querySelector('mark'),
    ).toBeNull();
  });

  it('shows the server message with the upstream correlation id when loading fails', async () => {
    const error = await upstreamError();
    await renderDetail(makeApi({ getPrompt: () => Promise.reject(error) }));

    expect(
      await screen.findByText(
        /Could not load the prompt: .*correlation id 5f3c-8e21-upstream/,
      ),
    ).toBeInTheDocument();
    // The way back stays usable when the prompt cannot be shown.
    expect(
      screen.getByRole('link', { name: /All prompts/ }),
    ).toBeInTheDocument();
  });
  it('shows the validation and the token budget of the prompt as deployed', async () => {
    await renderDetail(makeApi());
    await screen.findByText('customer-support-assistant');

    const budget = screen.getByRole('group', { name: 'Token budget' });
    expect(budget).toHaveTextContent('Context: 1,500');
    // `mood` is used but not declared.
    const issues = screen.getByRole('list', { name: 'Validation issues' });
    expect(issues).toHaveTextContent('undefined-variable');
  });

  it('prefers the validation the backend sends with the detail', async () => {
    const api = makeApi({
      getPrompt: async () => ({
        ...promptDetail,
        validation: {
          valid: true,
          issues: [],
          budget: {
            tokenizer: 'cl100k_base',
            estimated: false,
            templateTokens: 21,
            contextTokens: 1500,
            variableTokens: 150,
            reserveTokens: 256,
            total: 1927,
            limit: 4096,
            contextWindow: 128000,
            fits: true,
          },
        },
      }),
    });
    await renderDetail(api);
    await screen.findByText('customer-support-assistant');

    expect(
      screen.getByRole('group', { name: 'Token budget' }),
    ).toHaveTextContent('1,927 of 4,096 tokens');
    expect(screen.getByText('No problems found.')).toBeInTheDocument();
  });

  it('lists the versions on the Versions tab and diffs two ticked ones', async () => {
    const api = makeApi();
    await renderDetail(api);
    await userEvent.click(await screen.findByRole('tab', { name: 'Versions' }));

    const row4 = (await screen.findByText('mention the mood')).closest('tr')!;
    expect(row4).toHaveTextContent('#4');
    expect(within(row4).getByText('current')).toBeInTheDocument();
    expect(within(row4).getByText('1.2.0')).toBeInTheDocument();
    expect(within(row4).getByText('update')).toBeInTheDocument();
    expect(within(row4).getByText('user:default/ana')).toBeInTheDocument();
    expect(row4.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-11-26T11:00:00.000Z',
    );
    const driftRow = screen.getByText('genesys:external').closest('tr')!;
    expect(within(driftRow).getByText('drift')).toBeInTheDocument();
    expect(api.getPromptVersions).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      limit: 50,
      cursor: undefined,
    });

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select version 4' }),
    );
    expect(
      screen.queryByRole('region', { name: /Changes from/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select version 2' }),
    );

    const diff = await screen.findByRole('region', {
      name: 'Changes from version 2 to version 4',
    });
    expect(api.getPromptVersion).toHaveBeenCalledWith(ENTITY_REF, 'p-1', 2);
    expect(api.getPromptVersion).toHaveBeenCalledWith(ENTITY_REF, 'p-1', 4);

    const fields = within(diff).getByRole('region', { name: 'Fields' });
    expect(
      within(fields).getByRole('row', { name: /Version label/ }),
    ).toHaveTextContent('Version label1.1.01.2.0');
    expect(
      within(fields).getByRole('row', { name: /Max tokens/ }),
    ).toHaveTextContent('Max tokens20484096');
    expect(
      within(diff).getByRole('region', { name: 'Variables' }),
    ).toHaveTextContent('user_input added: string, optional, default "Hello"');

    const template = within(diff).getByLabelText('Template diff');
    const removed = [...template.querySelectorAll('del')].map(
      line => line.textContent,
    );
    const added = [...template.querySelectorAll('ins')].map(
      line => line.textContent,
    );
    expect(removed).toEqual([
      '1−You are a support agent.',
      '2−Context: {{context}}',
    ]);
    expect(added).toEqual([`1+${prompt.template}`]);

    // A third tick replaces the oldest one.
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select version 3' }),
    );
    expect(
      await screen.findByRole('region', {
        name: 'Changes from version 2 to version 3',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'Select version 4' }),
    ).not.toBeChecked();
  });

  it('lists the audit entries on the Audit tab', async () => {
    const api = makeApi();
    await renderDetail(api, 'p-1', makePermissionApi(), '?tab=audit');

    const failure = (await screen.findByText('user:default/bo')).closest('tr')!;
    expect(within(failure).getByText('update')).toBeInTheDocument();
    expect(within(failure).getByText('failure')).toBeInTheDocument();
    expect(failure).toHaveTextContent(
      'expected revision 2; error: revision 3, not 2',
    );
    expect(within(failure).getByText('e3b0c44298fc')).toHaveAttribute(
      'title',
      expect.stringContaining('e3b0c44298fc1c149afbf4c8996fb924'),
    );

    const success = screen.getByText('user:default/ana').closest('tr')!;
    expect(within(success).getByText('success')).toBeInTheDocument();
    expect(success).toHaveTextContent(
      'version 4; revision 3; reason “mention the mood”',
    );
    expect(api.getPromptAudit).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      limit: 50,
      cursor: undefined,
    });
    expect(screen.getByRole('tab', { name: 'Audit' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('disables Roll back when there is no earlier version, saying so', async () => {
    await renderDetail(
      makeApi({
        getPrompt: async () => ({ ...promptDetail, latestVersionNo: null }),
      }),
    );
    const rollback = await screen.findByRole('button', { name: 'Roll back' });
    await waitFor(() =>
      expect(rollback).toHaveAccessibleDescription(/No version history yet/),
    );
    expect(rollback).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeEnabled();
  });

  it('rolls back to a chosen version with a required reason and shows the new version', async () => {
    const api = makeApi();
    await renderDetail(api);
    const button = await screen.findByRole('button', { name: 'Roll back' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back this prompt',
    });
    // Default target: the version before the newest, diffed against the current prompt.
    const target = await within(dialog).findByLabelText('Target version');
    expect(target).toHaveValue('3');
    expect(
      within(dialog).queryByRole('option', { name: /^Version 4/ }),
    ).not.toBeInTheDocument();
    const diff = await within(dialog).findByRole('region', {
      name: 'Changes from current to version 3',
    });
    expect(
      [...within(diff).getByLabelText('Template diff').querySelectorAll('ins')]
        .length,
    ).toBe(1);

    const confirm = within(dialog).getByRole('button', {
      name: 'Roll back to version 3',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), '   ');
    expect(confirm).toBeDisabled();

    await userEvent.selectOptions(target, '2');
    await within(dialog).findByRole('region', {
      name: 'Changes from current to version 2',
    });
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'answers got worse',
    );
    const confirm2 = within(dialog).getByRole('button', {
      name: 'Roll back to version 2',
    });
    expect(confirm2).toBeEnabled();
    await userEvent.click(confirm2);

    expect(api.rollbackPrompt).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      toVersion: 2,
      reason: 'answers got worse',
    });
    expect(
      await screen.findByText('Rolled back to version 2 as version 5'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // The page reloads the prompt to show what is deployed now.
    expect(api.getPrompt).toHaveBeenCalledTimes(2);
  });

  it('keeps the dialog open with the server message when the rollback fails', async () => {
    const api = makeApi({
      rollbackPrompt: async () => {
        throw await backendError(
          409,
          'ConflictError',
          'Another operation on this prompt is in progress',
        );
      },
    });
    await renderDetail(api);
    const button = await screen.findByRole('button', { name: 'Roll back' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('region', { name: /Changes from/ });
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'oops');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back to version 3' }),
    );

    expect(
      await within(dialog).findByText(
        /Another operation on this prompt is in progress/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows the metrics on the Metrics tab', async () => {
    const api = makeApi();
    await renderDetail(api);
    await userEvent.click(await screen.findByRole('tab', { name: 'Metrics' }));

    // The tab is its own chunk (with the charts): allow for it to load.
    expect(
      await screen.findByLabelText('Totals', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(api.getPromptMetrics).toHaveBeenCalledWith(
      ENTITY_REF,
      'p-1',
      expect.objectContaining({ granularity: 'PT1H' }),
    );
    expect(screen.getByRole('tab', { name: 'Metrics' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('reloads the prompt and says so after a variant is promoted on the Experiments tab', async () => {
    const api = makeApi({
      listExperiments: async () => ({ items: [makeExperiment()] }),
    });
    await renderDetail(api, 'p-1', makePermissionApi(), '?tab=experiments');

    const promote = await screen.findByRole('button', {
      name: 'Promote experiment e-1',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    await userEvent.click(promote);
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote a variant?',
    });
    // The only challenger is chosen already.
    expect(within(dialog).getByLabelText(/Winner/)).toHaveValue('p-2');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'better');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );

    expect(
      await screen.findByText('Promoted refund-helper as version 5'),
    ).toBeInTheDocument();
    expect(api.getPrompt).toHaveBeenCalledTimes(2);
    expect(api.listExperiments).toHaveBeenCalledTimes(2);
  });
});
