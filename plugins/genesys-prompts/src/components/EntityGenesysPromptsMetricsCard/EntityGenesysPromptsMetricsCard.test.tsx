import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { genesysPromptsApiRef, GenesysPromptsApi } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entityMetrics,
  makeApi,
  promptList,
  makeEntity,
  pending,
  TAB_PATH,
  upstreamError,
} from '../../testing/fixtures';
import { EntityGenesysPromptsMetricsCard } from './EntityGenesysPromptsMetricsCard';

const ENTITY_REF = {
  kind: 'Component',
  namespace: 'default',
  name: 'support-bot',
};

function renderCard(
  api: GenesysPromptsApi,
  options: { annotation?: string; mountTab?: boolean } = {},
) {
  const { annotation = 'customer-support-assistant, refund-helper' } = options;
  return renderInTestApp(
    <TestApiProvider apis={[[genesysPromptsApiRef, api]]}>
      <EntityProvider entity={makeEntity(annotation)}>
        <EntityGenesysPromptsMetricsCard />
      </EntityProvider>
    </TestApiProvider>,
    options.mountTab === false
      ? {}
      : {
          // Where the entity page mounts the tab (the test app cannot nest routes).
          mountedRoutes: { [TAB_PATH]: rootRouteRef },
        },
  );
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('rowheader', { name }).closest('tr')!;
}

describe('EntityGenesysPromptsMetricsCard', () => {
  it('shows one row per prompt with totals, sparklines and a link to the prompt page', async () => {
    const api = makeApi();
    await renderCard(api);

    const link = await screen.findByRole('link', {
      name: 'customer-support-assistant',
    });
    expect(link).toHaveAttribute('href', `${TAB_PATH}/prompts/p-1`);

    const row = rowOf('customer-support-assistant');
    const cells = within(row).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('12,480');
    expect(cells[1]).toHaveTextContent('99.0 %');
    expect(cells[2]).toHaveTextContent('812 ms');
    expect(cells[3]).toHaveTextContent('3.4M');
    for (const metric of [
      'requests',
      'success rate',
      'p95 latency',
      'tokens',
    ]) {
      const sparkline = within(row).getByRole('img', {
        name: `customer-support-assistant ${metric} trend`,
      });
      // A drawn line, one point per bucket.
      const points = sparkline
        .querySelector('polyline')
        ?.getAttribute('points')
        ?.split(' ');
      expect(points).toHaveLength(entityMetrics.items[0].series.length);
    }
    expect(rowOf('refund-helper')).toHaveTextContent('1.45 s');

    const from = Date.parse(api.getEntityMetrics.mock.calls[0][1]!.from!);
    const to = Date.parse(api.getEntityMetrics.mock.calls[0][1]!.to!);
    expect(to - from).toBe(24 * 3600_000);
    expect(api.getEntityMetrics).toHaveBeenCalledWith(
      ENTITY_REF,
      expect.objectContaining({ granularity: 'PT1H' }),
    );
  });

  it('shows drift, running experiment and guard rollback badges, the rollback reason on hover', async () => {
    await renderCard(makeApi());
    await screen.findByRole('link', { name: 'refund-helper' });

    const first = rowOf('customer-support-assistant');
    expect(within(first).getByText('Experiment running')).toBeInTheDocument();
    expect(within(first).queryByText('Drift')).not.toBeInTheDocument();
    expect(within(first).queryByText('Guard rollback')).not.toBeInTheDocument();

    const second = rowOf('refund-helper');
    expect(within(second).getByText('Drift')).toBeInTheDocument();
    const rollback = within(second).getByText('Guard rollback');
    await userEvent.hover(rollback);
    expect(
      await screen.findByRole('tooltip', {
        name: /Rolled back to version 6 .*success rate fell from 97.0 % to 88.0 %/,
      }),
    ).toBeInTheDocument();
  });

  it('asks for the last 7 days in daily buckets when the range changes', async () => {
    const api = makeApi();
    await renderCard(api);
    await screen.findByRole('link', { name: 'refund-helper' });

    fireEvent.change(screen.getByLabelText('Range'), {
      target: { value: '7d' },
    });

    await waitFor(() => expect(api.getEntityMetrics).toHaveBeenCalledTimes(2));
    const request = api.getEntityMetrics.mock.calls[1][1]!;
    expect(request.granularity).toBe('P1D');
    expect(Date.parse(request.to!) - Date.parse(request.from!)).toBe(
      7 * 24 * 3600_000,
    );
  });

  it('shows the names without links where the Prompts tab is not mounted', async () => {
    await renderCard(makeApi(), { mountTab: false });
    expect(
      await screen.findByRole('rowheader', { name: 'refund-helper' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'refund-helper' })).toBeNull();
  });

  it('shows progress while loading', async () => {
    await renderCard(makeApi({ getEntityMetrics: () => pending() }));
    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading prompt metrics',
      }),
    ).toBeInTheDocument();
  });

  it('says so when there are no prompts to show', async () => {
    await renderCard(
      makeApi({
        getEntityMetrics: async () => ({ ...entityMetrics, items: [] }),
      }),
    );
    expect(await screen.findByText(/^No metrics/)).toBeInTheDocument();
  });

  it('shows the server message and retries', async () => {
    const error = await upstreamError();
    const api = makeApi({ getEntityMetrics: () => Promise.reject(error) });
    await renderCard(api);

    expect(
      await screen.findByText(
        /Could not load the prompt metrics: .*correlation id 5f3c-8e21-upstream/,
      ),
    ).toBeInTheDocument();
    api.getEntityMetrics.mockResolvedValueOnce(entityMetrics);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'refund-helper' }),
    ).toBeInTheDocument();
  });

  it('once its metrics are in, loads the Prompts tab list in the background', async () => {
    const api = makeApi();
    await renderCard(api);
    await screen.findByRole('link', { name: 'refund-helper' });

    await waitFor(() =>
      expect(api.getEntityPrompts).toHaveBeenCalledWith(ENTITY_REF),
    );
    expect(api.getEntityPrompts).toHaveBeenCalledTimes(1);
  });

  it('loads no list the client already holds, nor one for a tab the app does not mount', async () => {
    const holding = makeApi({ peekEntityPrompts: () => promptList });
    const { unmount } = await renderCard(holding);
    await screen.findByRole('link', { name: 'refund-helper' });
    expect(holding.getEntityPrompts).not.toHaveBeenCalled();
    unmount();

    const unmounted = makeApi();
    await renderCard(unmounted, { mountTab: false });
    await screen.findByRole('rowheader', { name: 'refund-helper' });
    // Past the idle-time prefetch of a card whose tab is mounted (see above).
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(unmounted.getEntityPrompts).not.toHaveBeenCalled();
  });

  it('explains the annotation on an entity without it', async () => {
    const api = makeApi();
    await renderCard(api, { annotation: '' });
    expect(
      (await screen.findAllByText('genesys.cloud/llm-prompts'))[0],
    ).toBeInTheDocument();
    expect(api.getEntityMetrics).not.toHaveBeenCalled();
  });
});
