import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import {
  makeApi,
  makeEntity,
  pending,
  prompt,
  TAB_PATH,
  upstreamError,
} from '../../testing/fixtures';
import { PromptDetailPage } from './PromptDetailPage';

function renderDetail(api: GenesysPromptsApi, promptId = 'p-1') {
  return renderInTestApp(
    <TestApiProvider apis={[[genesysPromptsApiRef, api]]}>
      <EntityProvider entity={makeEntity('customer-support-assistant')}>
        <Routes>
          <Route
            path="/catalog/:namespace/:kind/:name/genesys-prompts/prompts/:promptId"
            element={<PromptDetailPage />}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [`${TAB_PATH}/prompts/${promptId}`] },
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
});
