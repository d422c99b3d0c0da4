import { Entity } from '@backstage/catalog-model';
import { screen } from '@testing-library/react';
import { GenesysPromptsApi, GenesysPromptsClient } from '../../api';
import {
  makeApi,
  makeEntity,
  promptDetail,
  promptList,
  TAB_PATH,
} from '../../testing/fixtures';
import { renderEntityTab } from '../../testing/__testUtils__/renderEntityTab';
import { EntityGenesysPromptsTab } from './EntityGenesysPromptsTab';
import { settled } from './settled';

function renderTab(
  api: GenesysPromptsApi,
  entity: Entity,
  path: string = TAB_PATH,
) {
  return renderEntityTab(<EntityGenesysPromptsTab />, api, entity, path);
}

const annotated = makeEntity('customer-support-assistant, refund-helper');

describe('EntityGenesysPromptsTab', () => {
  it('asks for the list as it mounts, and the list view shares that one request', async () => {
    const urls: string[] = [];
    const client = new GenesysPromptsClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/genesys-prompts',
      },
      fetchApi: {
        fetch: async (input: RequestInfo | URL) => {
          urls.push(String(input));
          return new Response(JSON.stringify(promptList), {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          });
        },
      },
    });
    await renderTab(client, annotated);

    expect(
      await screen.findByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    expect(urls).toEqual([
      'http://backend/api/genesys-prompts/entities/default/Component/support-bot/prompts',
    ]);
  });

  it("asks for no list on a prompt's own page", async () => {
    const api = makeApi();
    await renderTab(api, annotated, `${TAB_PATH}/prompts/p-1`);

    expect(
      await screen.findByText(promptDetail.prompt.name),
    ).toBeInTheDocument();
    expect(api.getPrompt).toHaveBeenCalled();
    expect(api.getEntityPrompts).not.toHaveBeenCalled();
  });

  it('asks for no list for an entity whose annotation names no prompt', async () => {
    const api = makeApi();
    await renderTab(api, makeEntity(' , '));

    expect(await screen.findByText('No prompts listed')).toBeInTheDocument();
    expect(api.getEntityPrompts).not.toHaveBeenCalled();
  });

  it('does not ask again when the client holds a recent list', async () => {
    const api = makeApi({ peekEntityPrompts: () => promptList });
    await renderTab(api, annotated);

    expect(
      screen.getByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    // Only the list view's own refresh.
    expect(api.getEntityPrompts).toHaveBeenCalledTimes(1);
  });
});

describe('settled', () => {
  it('calls back at once, through a chain of then', () => {
    const seen: string[] = [];
    settled(1)
      .then(n => n + 1)
      .then(n => {
        seen.push(`got ${n}`);
      });
    seen.push('after');
    expect(seen).toEqual(['got 2', 'after']);
  });

  it('passes catch by and runs finally, as a fulfilled promise does', async () => {
    const onRejected = jest.fn();
    const onFinally = jest.fn();
    settled(1).catch(onRejected).finally(onFinally);
    expect(onRejected).not.toHaveBeenCalled();
    expect(onFinally).toHaveBeenCalledTimes(1);
    await expect(settled(1).catch(onRejected)).resolves.toBe(1);
  });

  it('rejects when a callback throws', async () => {
    await expect(
      settled(1).then(() => {
        throw new Error('broken');
      }),
    ).rejects.toThrow('broken');
  });
});
