import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import {
  backendError,
  makeApi,
  makeExperiment,
  makePermissionApi,
  makeResults,
  prompt,
  promptList,
} from '../../testing/fixtures';
import { PromptExperimentsTab } from './PromptExperimentsTab';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};

// p-1 (the primary), p-2 and p-3 are owned; ghost-prompt is not in Genesys.
const entityPrompts = {
  items: [
    ...promptList.items,
    {
      id: 'p-3',
      name: 'greeting-bot',
      version: '2.0.0',
      modelId: 'm',
      revision: 1,
      dateModified: '2026-11-20T08:30:00.000Z',
      latestVersionNo: 1,
      drift: false,
    },
  ],
};

const draft = makeExperiment({
  id: 'e-2',
  status: 'draft',
  startedAt: undefined,
  createdAt: '2026-11-26T10:00:00.000Z',
});
const stopped = makeExperiment({
  id: 'e-0',
  status: 'stopped',
  startedAt: '2026-11-20T09:00:00.000Z',
  stoppedAt: '2026-11-21T09:00:00.000Z',
  variants: [
    { promptId: 'p-1', name: 'customer-support-assistant', weight: 50 },
    // Since dropped from the entity's annotation.
    { promptId: 'p-9', name: 'old-prompt', weight: 50 },
  ],
  guard: { maxErrorRate: 0.08 },
});

async function renderTab(
  overrides: Partial<GenesysPromptsApi> = {},
  permissionApi: PermissionApi = makePermissionApi(),
) {
  const api = makeApi({
    getEntityPrompts: async () => entityPrompts,
    listExperiments: async () => ({ items: [makeExperiment()] }),
    ...overrides,
  });
  const onPromoted = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [genesysPromptsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <PromptExperimentsTab
        entityRef={ENTITY_REF}
        entityRefString="component:default/support-bot"
        prompt={prompt}
        onPromoted={onPromoted}
      />
    </TestApiProvider>,
  );
  return { api, onPromoted };
}

async function openNewExperiment() {
  const button = await screen.findByRole('button', { name: 'New experiment' });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return screen.findByRole('dialog', { name: 'New experiment' });
}

function weights(dialog: HTMLElement): number[] {
  return within(dialog)
    .getAllByLabelText(/^Weight of variant/)
    .map(input => Number((input as HTMLInputElement).value));
}

describe('PromptExperimentsTab', () => {
  it('lists the experiments with status, weighted variants and dates', async () => {
    await renderTab({
      listExperiments: async () => ({
        items: [draft, makeExperiment(), stopped],
      }),
    });

    const running = await screen.findByRole('article', {
      name: 'Experiment e-1',
    });
    expect(within(running).getByText('running')).toBeInTheDocument();
    const variants = within(running).getByRole('list', {
      name: 'Variants of experiment e-1',
    });
    expect(variants).toHaveTextContent(
      'customer-support-assistant (primary): 80 %',
    );
    expect(variants).toHaveTextContent('refund-helper: 20 %');
    expect(running).toHaveTextContent(
      /Created by user:default\/ana .* · started/,
    );

    const old = screen.getByRole('article', { name: 'Experiment e-0' });
    expect(within(old).getByText('stopped')).toBeInTheDocument();
    expect(old).toHaveTextContent('· stopped');
    expect(
      within(screen.getByRole('article', { name: 'Experiment e-2' })).getByText(
        'draft',
      ),
    ).toBeInTheDocument();
  });

  it('says "Not enough data yet" with the progress towards the sample size, and no verdict', async () => {
    const { api } = await renderTab();

    const results = await screen.findByRole('region', {
      name: 'Results of experiment e-1',
    });
    const totalsTable = await within(results).findByRole('table', {
      name: 'Variant totals',
    });
    const row = within(totalsTable)
      .getByRole('rowheader', { name: 'refund-helper' })
      .closest('tr')!;
    expect(row).toHaveTextContent('20 %');
    expect(row).toHaveTextContent('120');
    expect(row).toHaveTextContent('97.5 %');
    expect(row).toHaveTextContent('650 ms');

    const comparison = within(results).getByRole('region', {
      name: 'refund-helper vs customer-support-assistant',
    });
    expect(comparison).toHaveTextContent(
      'Not enough data yet: 120 of 400 requests per variant',
    );
    expect(
      within(comparison).getByRole('progressbar', {
        name: 'Requests collected per variant',
      }),
    ).toHaveAttribute('aria-valuenow', '30');
    expect(within(results).queryByText(/Significant/i)).toBeNull();
    expect(within(results).queryByText(/p-value/)).toBeNull();
    expect(api.getExperimentResults).toHaveBeenCalledWith(
      ENTITY_REF,
      'p-1',
      'e-1',
    );
  });

  it('shows the comparison with p-values, interval and significance once there is enough data', async () => {
    await renderTab({ getExperimentResults: async () => makeResults(true) });

    const comparison = await screen.findByRole('region', {
      name: 'refund-helper vs customer-support-assistant',
    });
    const fact = (term: string) =>
      within(comparison).getByText(term, { selector: 'dt' })
        .nextElementSibling as HTMLElement;
    expect(fact('Success rate')).toHaveTextContent(
      '95.0 % → 98.0 % (+3.0 pts) Significant',
    );
    expect(fact('95 % CI')).toHaveTextContent('+1.8 pts to +4.2 pts');
    expect(fact('p-value (z-test)')).toHaveTextContent('< 0.001');
    expect(fact('Median latency')).toHaveTextContent(
      '400 ms → 325 ms Significant',
    );
    expect(fact('p-value (Mann–Whitney)')).toHaveTextContent('0.021');
    expect(fact('P(faster)')).toHaveTextContent('62 %');
    expect(within(comparison).queryByText(/Not enough data/)).toBeNull();
  });

  it('refreshes the live results on demand and every 30 seconds', async () => {
    jest.useFakeTimers();
    try {
      const { api } = await renderTab();
      const refresh = await screen.findByRole('button', {
        name: 'Refresh results',
      });
      await waitFor(() => expect(refresh).toBeEnabled());
      expect(api.getExperimentResults).toHaveBeenCalledTimes(1);

      fireEvent.click(refresh);
      await waitFor(() =>
        expect(api.getExperimentResults).toHaveBeenCalledTimes(2),
      );
      await waitFor(() => expect(refresh).toBeEnabled());

      act(() => {
        jest.advanceTimersByTime(30_000);
      });
      await waitFor(() =>
        expect(api.getExperimentResults).toHaveBeenCalledTimes(3),
      );
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the weights at 100 when one changes, and when variants come and go', async () => {
    await renderTab();
    const dialog = await openNewExperiment();

    expect(weights(dialog)).toEqual([50, 50]);
    expect(within(dialog).getByLabelText('Variant 2')).toHaveValue('p-2');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add variant' }),
    );
    expect(weights(dialog)).toEqual([34, 33, 33]);
    expect(within(dialog).getByLabelText('Variant 3')).toHaveValue('p-3');

    fireEvent.change(within(dialog).getByLabelText('Weight of variant 2'), {
      target: { value: '60' },
    });
    expect(weights(dialog)).toEqual([20, 60, 20]);
    expect(dialog).toHaveTextContent('Total: 100 %');

    fireEvent.change(within(dialog).getByLabelText('Weight of variant 1'), {
      target: { value: '0' },
    });
    expect(weights(dialog)).toEqual([0, 75, 25]);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove variant 3' }),
    );
    expect(weights(dialog)).toEqual([0, 100]);
    expect(
      within(dialog).queryByRole('list', { name: 'Experiment issues' }),
    ).toBeNull();
  });

  it('offers only found prompts other than the primary, and flags a duplicate pick live', async () => {
    await renderTab();
    const dialog = await openNewExperiment();

    const select = within(dialog).getByLabelText('Variant 2');
    const offered = within(select)
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(offered).toEqual([
      'Choose a prompt',
      'refund-helper',
      'greeting-bot',
    ]);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add variant' }),
    );
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Variant 3'),
      'p-2',
    );

    const issues = within(dialog).getByRole('list', {
      name: 'Experiment issues',
    });
    expect(issues).toHaveTextContent(
      'Prompt p-2 is already variant 2; each prompt can be listed once.',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Create draft' }),
    ).toBeDisabled();

    await userEvent.selectOptions(
      within(dialog).getByLabelText('Variant 3'),
      'p-3',
    );
    expect(
      within(dialog).queryByRole('list', { name: 'Experiment issues' }),
    ).toBeNull();
    expect(
      within(dialog).getByRole('button', { name: 'Create draft' }),
    ).toBeEnabled();
  });

  it('flags a copied variant the entity no longer owns', async () => {
    await renderTab({ listExperiments: async () => ({ items: [stopped] }) });
    const again = await screen.findByRole('button', { name: 'Run again' });
    await waitFor(() => expect(again).toBeEnabled());
    await userEvent.click(again);

    const dialog = await screen.findByRole('dialog', {
      name: 'New experiment',
    });
    expect(within(dialog).getByLabelText('Variant 2')).toHaveValue('p-9');
    expect(weights(dialog)).toEqual([50, 50]);
    expect(
      within(dialog).getByRole('list', { name: 'Experiment issues' }),
    ).toHaveTextContent("Prompt p-9 is not one of this entity's prompts.");
    // The guard overrides are copied too.
    expect(within(dialog).getByLabelText('Max error rate (%)')).toHaveValue(
      '8',
    );
  });

  it('creates a draft with the chosen variants, weights and guard overrides', async () => {
    const { api } = await renderTab();
    const dialog = await openNewExperiment();

    await userEvent.selectOptions(
      within(dialog).getByLabelText('Variant 2'),
      'p-3',
    );
    fireEvent.change(within(dialog).getByLabelText('Weight of variant 1'), {
      target: { value: '70' },
    });
    await userEvent.click(
      within(dialog).getByText('Guard overrides (optional)'),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Max error rate (%)'),
      '5',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Window (minutes)'),
      '30',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create draft' }),
    );

    expect(api.createExperiment).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      variants: [
        { promptId: 'p-1', weight: 70 },
        { promptId: 'p-3', weight: 30 },
      ],
      guard: { maxErrorRate: 0.05, windowSeconds: 1800 },
    });
    expect(
      await screen.findByText(
        'Experiment e-new created as a draft: start it to split the traffic',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.listExperiments).toHaveBeenCalledTimes(2);
  });

  it('sends no guard when no override is set, and keeps the dialog open with the server message on a 400', async () => {
    const { api } = await renderTab({
      createExperiment: async () => {
        throw await backendError(
          400,
          'InputError',
          "Invalid experiment: variants[1].promptId: Prompt p-2 is not one of this entity's prompts",
        );
      },
    });
    const dialog = await openNewExperiment();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create draft' }),
    );

    expect(api.createExperiment).toHaveBeenCalledWith(ENTITY_REF, 'p-1', {
      variants: [
        { promptId: 'p-1', weight: 50 },
        { promptId: 'p-2', weight: 50 },
      ],
    });
    expect(
      await within(dialog).findByText(/Invalid experiment: variants\[1\]/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('dialog', { name: 'New experiment' }),
    ).toBeVisible();
  });

  it('rejects a guard override that is not a number', async () => {
    await renderTab();
    const dialog = await openNewExperiment();
    await userEvent.click(
      within(dialog).getByText('Guard overrides (optional)'),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Max error rate (%)'),
      '150',
    );
    expect(
      within(dialog).getByRole('list', { name: 'Experiment issues' }),
    ).toHaveTextContent('Max error rate (%): enter a number 0 to 100');
    expect(
      within(dialog).getByRole('button', { name: 'Create draft' }),
    ).toBeDisabled();
  });

  it('starts a draft only after confirming', async () => {
    const { api } = await renderTab({
      listExperiments: async () => ({ items: [draft] }),
    });
    const start = await screen.findByRole('button', {
      name: 'Start experiment e-2',
    });
    await waitFor(() => expect(start).toBeEnabled());
    await userEvent.click(start);

    const dialog = await screen.findByRole('dialog', {
      name: 'Start this experiment?',
    });
    expect(dialog).toHaveTextContent(
      'customer-support-assistant 80 %, refund-helper 20 %',
    );
    expect(api.startExperiment).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start' }),
    );

    expect(api.startExperiment).toHaveBeenCalledWith(ENTITY_REF, 'p-1', 'e-2');
    expect(
      await screen.findByText(
        'Experiment e-1 is running: the traffic is split',
      ),
    ).toBeInTheDocument();
  });

  it('disables Start while another experiment runs, saying which', async () => {
    await renderTab({
      listExperiments: async () => ({ items: [draft, makeExperiment()] }),
    });
    const start = await screen.findByRole('button', {
      name: 'Start experiment e-2',
    });
    await waitFor(() =>
      expect(start).toHaveAccessibleDescription(
        'Experiment e-1 is running on this prompt: stop it first',
      ),
    );
    expect(start).toBeDisabled();
  });

  it('stops only after confirming, with the optional reason', async () => {
    const { api } = await renderTab();
    const stop = await screen.findByRole('button', {
      name: 'Stop experiment e-1',
    });
    await waitFor(() => expect(stop).toBeEnabled());

    await userEvent.click(stop);
    let dialog = await screen.findByRole('dialog', {
      name: 'Stop this experiment?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.stopExperiment).not.toHaveBeenCalled();

    await userEvent.click(stop);
    dialog = await screen.findByRole('dialog', {
      name: 'Stop this experiment?',
    });
    expect(dialog).toHaveTextContent(
      'All traffic goes back to customer-support-assistant',
    );
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'enough');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));

    expect(api.stopExperiment).toHaveBeenCalledWith(ENTITY_REF, 'p-1', 'e-1', {
      reason: 'enough',
    });
    expect(
      await screen.findByText(
        'Experiment e-1 is stopped: all traffic goes to the primary',
      ),
    ).toBeInTheDocument();
  });

  it('promotes a chosen winner with a required reason after confirming', async () => {
    const three = makeExperiment({
      variants: [
        { promptId: 'p-1', name: 'customer-support-assistant', weight: 50 },
        { promptId: 'p-2', name: 'refund-helper', weight: 25 },
        { promptId: 'p-3', name: 'greeting-bot', weight: 25 },
      ],
    });
    const { api, onPromoted } = await renderTab({
      listExperiments: async () => ({ items: [three] }),
    });
    const promote = await screen.findByRole('button', {
      name: 'Promote experiment e-1',
    });
    await waitFor(() => expect(promote).toBeEnabled());
    await userEvent.click(promote);

    const dialog = await screen.findByRole('dialog', {
      name: 'Promote a variant?',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Promote' });
    expect(confirm).toBeDisabled();
    const winner = within(dialog).getByLabelText(/Winner/);
    // The primary is not a candidate: it is already deployed.
    expect(
      within(winner)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Choose the winning variant', 'refund-helper', 'greeting-bot']);
    await userEvent.selectOptions(winner, 'p-3');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), '  ');
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'friendlier and as accurate',
    );
    await userEvent.click(confirm);

    expect(api.promoteExperiment).toHaveBeenCalledWith(
      ENTITY_REF,
      'p-1',
      'e-1',
      { promptId: 'p-3', reason: 'friendlier and as accurate' },
    );
    await waitFor(() =>
      expect(onPromoted).toHaveBeenCalledWith(
        expect.objectContaining({
          version: expect.objectContaining({ versionNo: 5 }),
        }),
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('keeps the confirmation open with the server message when an action fails', async () => {
    await renderTab({
      stopExperiment: async () => {
        throw await backendError(
          409,
          'ConflictError',
          'Experiment e-1 changed meanwhile; reload it',
        );
      },
    });
    const stop = await screen.findByRole('button', {
      name: 'Stop experiment e-1',
    });
    await waitFor(() => expect(stop).toBeEnabled());
    await userEvent.click(stop);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));

    expect(
      await within(dialog).findByText(/changed meanwhile; reload it/),
    ).toBeInTheDocument();
  });

  it('explains an empty list, and why no experiment can be created without another prompt', async () => {
    await renderTab({
      listExperiments: async () => ({ items: [] }),
      getEntityPrompts: async () => ({ items: [promptList.items[0]] }),
    });
    expect(await screen.findByText('No experiments yet')).toBeInTheDocument();
    const button = screen.getByRole('button', { name: 'New experiment' });
    await waitFor(() =>
      expect(button).toHaveAccessibleDescription(
        /owns no other prompt to test against/,
      ),
    );
    expect(button).toBeDisabled();
  });
});
