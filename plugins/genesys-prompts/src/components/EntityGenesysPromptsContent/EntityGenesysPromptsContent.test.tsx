import { Entity } from '@backstage/catalog-model';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromptListResponse } from '@genesys-prompts/plugin-genesys-prompts-common';
import { GenesysPromptsApi } from '../../api';
import {
  makeApi,
  makeEntity,
  pending,
  promptDetail,
  promptList,
  TAB_PATH,
  upstreamError,
} from '../../testing/fixtures';
import { renderEntityTab } from '../../testing/__testUtils__/renderEntityTab';
import { EntityGenesysPromptsContent } from './EntityGenesysPromptsContent';

function renderTab(
  api: GenesysPromptsApi,
  entity: Entity,
  path: string = TAB_PATH,
) {
  return renderEntityTab(<EntityGenesysPromptsContent />, api, entity, path);
}

const annotated = makeEntity(
  'customer-support-assistant, refund-helper, ghost-prompt',
);

describe('EntityGenesysPromptsContent', () => {
  it('shows the missing-annotation empty state with the YAML snippet', async () => {
    const api = makeApi();
    const { container } = await renderTab(api, makeEntity());

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(container).toHaveTextContent('genesys.cloud/llm-prompts: value');
    expect(api.getEntityPrompts).not.toHaveBeenCalled();
  });

  it('shows an empty state for an annotation that lists no prompts', async () => {
    const api = makeApi();
    await renderTab(api, makeEntity(' , '));

    expect(screen.getByText('No prompts listed')).toBeInTheDocument();
    expect(screen.queryByText('Missing Annotation')).not.toBeInTheDocument();
    expect(api.getEntityPrompts).not.toHaveBeenCalled();
  });

  it('shows progress while the list loads', async () => {
    const api = makeApi({ getEntityPrompts: () => pending() });
    await renderTab(api, annotated);

    expect(
      await screen.findByRole('progressbar', { name: 'Loading prompts' }),
    ).toBeInTheDocument();
    expect(api.getEntityPrompts).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'support-bot',
    });
  });

  it('shows a list the client loaded recently at once, then the fresh one', async () => {
    let answer: (list: PromptListResponse) => void = () => {};
    const api = makeApi({
      peekEntityPrompts: () => promptList,
      getEntityPrompts: () =>
        new Promise<PromptListResponse>(resolve => {
          answer = resolve;
        }),
    });
    await renderTab(api, annotated);

    // No progress first: the recent list is there in the first render.
    expect(
      screen.getByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('progressbar', { name: 'Loading prompts' }),
    ).not.toBeInTheDocument();
    expect(api.getEntityPrompts).toHaveBeenCalledTimes(1);

    act(() =>
      answer({
        items: promptList.items.map(item =>
          item.notFound || item.name !== 'refund-helper'
            ? item
            : { ...item, version: '1.0.0' },
        ),
      }),
    );
    const row = screen
      .getByRole('link', { name: 'refund-helper' })
      .closest('tr')!;
    expect(await within(row).findByText('1.0.0')).toBeInTheDocument();
  });

  it('replaces a recent list with the error when the fresh one fails', async () => {
    const error = await upstreamError();
    await renderTab(
      makeApi({
        peekEntityPrompts: () => promptList,
        getEntityPrompts: () => Promise.reject(error),
      }),
      annotated,
    );

    expect(
      await screen.findByText(/Could not load the prompts: /),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'refund-helper' }),
    ).not.toBeInTheDocument();
  });

  it('lists the prompts with version, model, revision, drift and detail links', async () => {
    await renderTab(makeApi(), annotated);

    const link = await screen.findByRole('link', {
      name: 'customer-support-assistant',
    });
    expect(link).toHaveAttribute('href', `${TAB_PATH}/prompts/p-1`);
    expect(screen.getByRole('link', { name: 'refund-helper' })).toHaveAttribute(
      'href',
      `${TAB_PATH}/prompts/p-2`,
    );

    const row = link.closest('tr')!;
    expect(within(row).getByText('1.2.0')).toBeInTheDocument();
    expect(within(row).getByText('openai-gpt-4-turbo')).toBeInTheDocument();
    expect(within(row).getByText('3')).toBeInTheDocument();
    expect(within(row).queryByText('Drift')).not.toBeInTheDocument();
    const modified = row.querySelector('time')!;
    expect(modified).toHaveAttribute('dateTime', '2026-11-26T11:00:00.000Z');
    expect(modified.textContent).toMatch(/ago|in |now|yesterday|tomorrow/);

    const driftRow = screen
      .getByRole('link', { name: 'refund-helper' })
      .closest('tr')!;
    expect(within(driftRow).getByText('Drift')).toBeInTheDocument();
    expect(
      within(driftRow).getByText('anthropic-claude-3'),
    ).toBeInTheDocument();
  });

  it('marks an annotated name Genesys does not have, next to normal rows', async () => {
    await renderTab(makeApi(), annotated);

    const ghost = await screen.findByText('ghost-prompt');
    const row = ghost.closest('tr')!;
    expect(within(row).getByText('Not found in Genesys')).toBeInTheDocument();
    expect(within(row).queryByRole('link')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'customer-support-assistant' }),
    ).toBeInTheDocument();
  });

  it('shows an empty state when the backend returns no prompts', async () => {
    await renderTab(
      makeApi({ getEntityPrompts: async () => ({ items: [] }) }),
      annotated,
    );
    expect(await screen.findByText('No prompts')).toBeInTheDocument();
  });

  it('shows the server message with the upstream correlation id when the list fails, and retries', async () => {
    const error = await upstreamError();
    const api = makeApi({ getEntityPrompts: () => Promise.reject(error) });
    await renderTab(api, annotated);

    expect(
      await screen.findByText(
        /Could not load the prompts: Request failed with 503 Service Unavailable: Genesys Cloud is unavailable \(correlation id 5f3c-8e21-upstream\)/,
      ),
    ).toBeInTheDocument();

    api.getEntityPrompts.mockResolvedValueOnce(promptList);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    expect(api.getEntityPrompts).toHaveBeenCalledTimes(2);
  });

  it('navigates from a row to the prompt page and back within the tab', async () => {
    const api = makeApi();
    await renderTab(api, annotated);

    await userEvent.click(
      await screen.findByRole('link', { name: 'customer-support-assistant' }),
    );

    expect(
      await screen.findByLabelText('variable context'),
    ).toBeInTheDocument();
    expect(api.getPrompt).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'support-bot' },
      'p-1',
    );
    const back = screen.getByRole('link', { name: /All prompts/ });
    expect(back).toHaveAttribute('href', TAB_PATH);

    await userEvent.click(back);
    expect(
      await screen.findByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByLabelText('Prompt template'),
      ).not.toBeInTheDocument(),
    );
  });

  it('opens the prompt page directly from its URL', async () => {
    const api = makeApi();
    await renderTab(api, annotated, `${TAB_PATH}/prompts/p-1`);

    expect(
      await screen.findByText(promptDetail.prompt.name),
    ).toBeInTheDocument();
    expect(api.getEntityPrompts).not.toHaveBeenCalled();
  });
});
