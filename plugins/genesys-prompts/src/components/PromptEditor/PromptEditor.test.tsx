import { renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromptEditor } from './PromptEditor';

// Typing a whole form key by key takes a few seconds in jsdom.
jest.setTimeout(20_000);

// user-event reads `{` as the start of a key name; `{{` types one brace.
const braces = (text: string) => text.replace(/\{/g, '{{');

function issueItem(code: string) {
  const list = screen.queryByRole('list', { name: 'Validation issues' });
  if (!list) return undefined;
  return within(list)
    .getAllByRole('listitem')
    .find(item => item.textContent?.includes(code));
}

async function renderCreateForm(onSubmit = jest.fn(async () => {})) {
  await renderInTestApp(
    <PromptEditor
      mode="create"
      nameOptions={['ghost-prompt']}
      onSubmit={onSubmit}
    />,
  );
  return onSubmit;
}

async function fillValidBasics() {
  await userEvent.clear(screen.getByLabelText('Model ID'));
  await userEvent.type(screen.getByLabelText('Model ID'), 'gpt-4');
  await userEvent.type(screen.getByLabelText('Max tokens'), '1024');
  await userEvent.click(screen.getByRole('button', { name: 'Add variable' }));
  await userEvent.type(screen.getByLabelText('Variable 1 name'), 'name');
}

describe('PromptEditor', () => {
  it('shows an undefined variable with its line:column after the pause, marks it, and clears it once fixed', async () => {
    const onSubmit = await renderCreateForm();
    await fillValidBasics();

    await userEvent.type(
      screen.getByLabelText('Template'),
      braces('Hi {{name}},\nsee {{unknown}}.'),
    );

    // Debounced: the issue appears a moment after typing stops.
    await waitFor(() => expect(issueItem('undefined-variable')).toBeTruthy());
    const item = issueItem('undefined-variable')!;
    expect(item).toHaveTextContent('2:5');
    expect(item).toHaveTextContent(/unknown/);

    // Its range is marked in the template preview.
    const preview = screen.getByLabelText('Template with issues marked');
    const mark = within(preview).getByLabelText(
      'error undefined-variable at 2:5',
    );
    expect(mark.tagName).toBe('MARK');
    expect(mark).toHaveTextContent('{{unknown}}');

    // Errors block saving.
    const submit = screen.getByRole('button', { name: 'Create prompt' });
    expect(submit).toBeDisabled();
    expect(screen.getByText('Fix 1 error to save')).toBeInTheDocument();

    // Declaring the variable fixes it.
    await userEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    await userEvent.type(screen.getByLabelText('Variable 2 name'), 'unknown');
    await waitFor(() =>
      expect(issueItem('undefined-variable')).toBeUndefined(),
    );
    expect(
      screen.queryByLabelText('Template with issues marked'),
    ).not.toBeInTheDocument();
    await waitFor(() => expect(submit).toBeEnabled());

    await userEvent.click(submit);
    expect(onSubmit).toHaveBeenCalledWith({
      definition: {
        name: 'ghost-prompt',
        version: '1.0.0',
        template: 'Hi {{name}},\nsee {{unknown}}.',
        variables: [
          { name: 'name', type: 'string', required: false },
          { name: 'unknown', type: 'string', required: false },
        ],
        contextRules: [],
        modelId: 'gpt-4',
        maxTokens: 1024,
      },
      reason: undefined,
    });
  });

  it('shows the token budget as a bar, exact once the tokenizer has loaded, red when it does not fit', async () => {
    await renderCreateForm();
    await fillValidBasics();
    await userEvent.type(
      screen.getByLabelText('Template'),
      braces('Hi {{name}}'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Add context rule' }),
    );
    await userEvent.type(
      screen.getByLabelText('Context rule 1 max tokens'),
      '500',
    );

    const budget = screen.getByRole('group', { name: 'Token budget' });
    // gpt-4 counts with cl100k_base, loaded lazily: estimated until it arrives.
    await waitFor(
      () => expect(budget).toHaveTextContent('tokenizer cl100k_base'),
      { timeout: 5000 },
    );
    await waitFor(() => expect(budget).not.toHaveTextContent('estimated'), {
      timeout: 5000,
    });
    // Validation is debounced: wait for the state after the last keystroke.
    await waitFor(() => expect(budget).toHaveTextContent('Context: 500'), {
      timeout: 5000,
    });
    // "Hi " is two tokens; one substitution of 50; context 500; reserve 256.
    expect(budget).toHaveTextContent('Template: 2');
    expect(budget).toHaveTextContent('Variables: 50');
    expect(budget).toHaveTextContent('Reserve: 256');
    expect(budget).toHaveTextContent('808 of 1,024 tokens');
    expect(budget).toHaveAttribute('data-fits', 'true');
    expect(
      within(budget).getByRole('img', { name: /Template 2, Context 500/ }),
    ).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Max tokens'));
    await userEvent.type(screen.getByLabelText('Max tokens'), '800');
    await waitFor(() => expect(budget).toHaveAttribute('data-fits', 'false'));
    expect(budget).toHaveTextContent('Does not fit');
    expect(budget).toHaveTextContent('over max tokens by 8');
    expect(issueItem('token-budget-exceeded')).toHaveTextContent('maxTokens');
    expect(
      screen.getByRole('button', { name: 'Create prompt' }),
    ).toBeDisabled();
  });

  it('says the budget is estimated for a model it does not know, with a warning', async () => {
    await renderCreateForm();
    await userEvent.type(screen.getByLabelText('Model ID'), 'acme-llm');
    await userEvent.type(screen.getByLabelText('Max tokens'), '1024');
    await userEvent.type(screen.getByLabelText('Template'), 'Hello');

    await waitFor(() => expect(issueItem('unknown-model')).toBeTruthy());
    expect(issueItem('unknown-model')).toHaveTextContent('modelId');
    const budget = screen.getByRole('group', { name: 'Token budget' });
    expect(budget).toHaveTextContent('estimated (unknown model)');
    expect(budget).toHaveTextContent('≈ 257 of 1,024 tokens');
    expect(budget).toHaveTextContent('context window unknown');
    // A warning alone does not block saving.
    expect(screen.getByRole('button', { name: 'Create prompt' })).toBeEnabled();
  });

  it('shows field problems next to the field and keeps the first report synchronous for a prefilled form', async () => {
    await renderInTestApp(
      <PromptEditor
        mode="edit"
        initialDefinition={{
          name: 'assistant',
          version: '1.0.0',
          template: 'Hi {{name}}',
          variables: [
            {
              name: 'name',
              type: 'number',
              required: false,
              defaultValue: 'x',
            },
          ],
          contextRules: [],
          modelId: 'gpt-4',
          maxTokens: 1024,
        }}
        onSubmit={jest.fn()}
      />,
    );

    // No wait: the prefilled definition is validated on the first render.
    expect(issueItem('default-type-mismatch')).toHaveTextContent(
      'variables[0].defaultValue',
    );
    expect(screen.getByLabelText('Variable 1 default')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByLabelText('Name')).toBeDisabled();
    expect(screen.getByLabelText('Reason (optional)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('cannot save without a free name, and says why', async () => {
    await renderInTestApp(
      <PromptEditor mode="create" nameOptions={[]} onSubmit={jest.fn()} />,
    );
    expect(
      screen.getByText(
        /every prompt the entity annotation lists already exists/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create prompt' }),
    ).toBeDisabled();
  });
});
